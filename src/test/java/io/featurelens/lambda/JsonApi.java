package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.Goldens;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API's answers for the golden scene, to hold the function's answers against. */
final class JsonApi {

    private JsonApi() {
    }

    static JsonNode features(Map<String, String> parameters) {
        try {
            return Lambda.JSON.readTree(request(parameters).post("/api/features").then().statusCode(200)
                    .extract().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] montage(Map<String, String> parameters) {
        return request(parameters).post("/api/montage").then().statusCode(200).extract().asByteArray();
    }

    /** The montage's X-Montage-Magnification. */
    static String montageMagnification(Map<String, String> parameters) {
        return request(parameters).post("/api/montage").then().statusCode(200).extract().header("X-Montage-Magnification");
    }

    /** The JSON API's answer at {@code path} (predict, explain), with the status it must have. */
    static JsonNode answer(String path, Map<String, String> parameters, int status) {
        try {
            return Lambda.JSON.readTree(request(parameters).post(path).then().statusCode(status).extract().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestSpecification request(Map<String, String> parameters) {
        RequestSpecification request = given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png");
        parameters.forEach(request::multiPart);
        return request;
    }

    /** The same model, layer and settings, and map by map the same statistics and PNG. */
    static void assertSameAnswer(JsonNode api, JsonNode function) {
        for (String field : new String[] {"model", "layer", "normalize", "colormap"}) {
            assertEquals(api.get(field), function.get(field), field);
        }
        assertTrue(function.get("timingsMs").has("total"), "timings");
        assertEquals(api.get("maps").size(), function.get("maps").size(), "number of maps");
        for (int i = 0; i < api.get("maps").size(); i++) {
            JsonNode expected = api.get("maps").get(i);
            JsonNode actual = function.get("maps").get(i);
            for (String field : new String[] {"filter", "min", "max", "mean"}) {
                assertEquals(expected.get(field), actual.get(field), "map " + i + " " + field);
            }
            assertFalse(actual.has("s3Key"), "map " + i + " is inline");
            assertArrayEquals(png(expected), png(actual), "map " + i + " png");
        }
    }

    static byte[] png(JsonNode map) {
        return Base64.getDecoder().decode(map.get("png").asText());
    }
}
