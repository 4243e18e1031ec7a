package io.featurelens.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.ErrorReply;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FunctionUrlRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aRefusalWithRetryAfterKeepsItAsAnHttpHeader() throws Exception {
        FunctionUrlRequests.HttpAnswer busy = FunctionUrlRequests.answer(post("{}"),
                body -> new ErrorReply("the service is busy; retry shortly", 503, 1), MAPPER);
        assertEquals(503, busy.statusCode());
        assertEquals(Map.of("content-type", "application/json", "retry-after", "1"), busy.headers());
        assertEquals("the service is busy; retry shortly", MAPPER.readTree(busy.body()).get("error").asText());

        FunctionUrlRequests.HttpAnswer refused = FunctionUrlRequests.answer(post("{}"),
                body -> new ErrorReply("no image", 400, null), MAPPER);
        assertEquals(400, refused.statusCode());
        assertEquals(Map.of("content-type", "application/json"), refused.headers());
    }

    private static ObjectNode post(String body) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "2.0").put("body", body).put("isBase64Encoded", false);
        event.putObject("requestContext").putObject("http").put("method", "POST");
        return event;
    }
}
