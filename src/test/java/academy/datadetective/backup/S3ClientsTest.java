package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

class S3ClientsTest {

    @Test
    void theConfiguredRegionComesFirst() {
        assertEquals(Optional.of(Region.EU_CENTRAL_1), S3Clients.region(Optional.of("eu-central-1"), true));
    }

    @Test
    void aStoreOfOnesOwnTakesAwsRegionAndAwsTheWholeChain() {
        System.setProperty("aws.region", "eu-west-3");
        try {
            assertEquals(Optional.of(Region.EU_WEST_3), S3Clients.region(Optional.empty(), true));
        } finally {
            System.clearProperty("aws.region");
        }
        // Left to the SDK, which may ask the EC2 instance metadata, and so never in a test.
        assertEquals(Optional.empty(), S3Clients.region(Optional.empty(), false));
    }
}
