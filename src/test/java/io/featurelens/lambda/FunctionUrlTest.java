package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The function behind its HTTP endpoint (infra/template.yaml's function URL): requests arrive in Lambda's
 * HTTP event (payload format 2.0), answers leave as HTTP responses with the JSON API's status codes.
 */
@QuarkusTest
@WithTestResource(value = S3ProxyServer.class, scope = TestResourceScope.GLOBAL)
class FunctionUrlTest {

    @Test
    void aPostedFeaturesRequestGetsTheJsonApisAnswer() throws Exception {
        String request = FeaturesFunctionTest.scene("layer", "relu1_2", "filters", "0-3,60").toString();
        JsonNode api = JsonApi.features(Map.of("layer", "relu1_2", "filters", "0-3,60"));

        JsonNode plain = body(http("POST", request, false), 200);
        JsonApi.assertSameAnswer(api, plain);
        assertEquals(5, plain.get("maps").size());
        String encoded = Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8));
        JsonApi.assertSameAnswer(api, body(http("POST", encoded, true), 200));
    }

    @Test
    void errorsComeBackWithTheirStatus() throws Exception {
        ObjectNode outOfRange = FeaturesFunctionTest.scene("layer", "31");
        JsonNode direct = Lambda.invoke(outOfRange).body();
        assertEquals(400, direct.get("status").asInt(), direct.toString());
        assertEquals(direct.get("error"), body(http("POST", outOfRange.toString(), false), 400).get("error"));
        assertEquals("send the features request as a JSON body with POST", body(http("GET", "", false), 405).get("error").asText());
        body(http("POST", "{not json", false), 400);
        body(http("POST", FeaturesFunctionTest.event("layer", "3").put("image", "aGVsbG8=").toString(), false), 415);
    }

    static ObjectNode http(String method, String body, boolean base64) {
        ObjectNode event = Lambda.JSON.createObjectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", "/").put("rawQueryString", "").put("body", body).put("isBase64Encoded", base64);
        event.putObject("headers").put("content-type", "application/json");
        event.putObject("requestContext").put("accountId", "anonymous").put("domainName", "example.lambda-url.us-east-1.on.aws")
                .putObject("http").put("method", method).put("path", "/").put("protocol", "HTTP/1.1");
        return event;
    }

    static JsonNode body(ObjectNode request, int status) throws Exception {
        Lambda.Invocation invocation = Lambda.invoke(request);
        assertEquals(200, invocation.status(), "the invocation itself succeeds: " + invocation.body());
        JsonNode response = invocation.body();
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/json", response.get("headers").get("content-type").asText());
        return Lambda.JSON.readTree(response.get("body").asText());
    }
}
