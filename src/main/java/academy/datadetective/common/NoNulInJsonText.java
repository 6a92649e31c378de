package academy.datadetective.common;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON text with a NUL character ({@code \u0000}) is refused while the body is read: PostgreSQL cannot
 * store NUL in text, and would otherwise refuse it only at the insert, as an error of the database. The
 * refusal is a field error of the usual 422.
 */
@Singleton
public class NoNulInJsonText implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("no-nul-in-text").addDeserializer(String.class, new NulRejectingText()));
    }

    private static final class NulRejectingText extends StdScalarDeserializer<String> {

        NulRejectingText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, "Text must not contain NUL characters", text, String.class);
            }
            return text;
        }
    }
}
