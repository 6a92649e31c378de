package academy.datadetective.cli;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import academy.datadetective.migration.ScratchDatabaseResource;

/**
 * What AcademyMain sets before Quarkus starts when it is given a command (the launcher bypasses that
 * main), on a scratch database that all launches of one test class share; the class drops it with
 * {@link ScratchDatabaseResource#drop(String)} and its {@link #databaseKey()}.
 */
public abstract class CommandModeOnScratchDatabase implements QuarkusTestProfile {

    protected abstract String databaseKey();

    @Override
    public Map<String, String> getConfigOverrides() {
        return AcademyMain.COMMAND_MODE;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ScratchDatabaseResource.class, Map.of(ScratchDatabaseResource.SHARED_KEY, databaseKey())));
    }
}
