package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;

import static io.restassured.RestAssured.given;

/**
 * Invokes the function the way Lambda does: the event goes to Quarkus's mock event server, the function
 * takes it from the runtime API ({@code /2018-06-01/runtime/invocation/next}) and posts its answer back.
 */
final class Lambda {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What came back: 200 with the function's answer, or 500 with Lambda's error answer when the invocation failed. */
    record Invocation(int status, JsonNode body) {
    }

    private Lambda() {
    }

    static Invocation invoke(Object event) {
        int port = ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port", Integer.class);
        try {
            Response response = given().baseUri("http://localhost").port(port).contentType("application/json")
                    .body(JSON.writeValueAsString(event)).when().post("/_lambda_");
            return new Invocation(response.statusCode(), JSON.readTree(response.asByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
