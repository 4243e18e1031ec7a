package io.featurelens.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed contract, src/main/openapi/openapi.yaml, is the document the application serves at
 * /q/openapi. The build generates the Java client and lints the contract from the committed file, so a
 * change of the API that is not written there fails here. The served document is left in
 * target/openapi/openapi.yaml to copy over the committed one once the change is meant.
 */
@QuarkusTest
class OpenApiContractTest {

    static final Path CONTRACT = Path.of("src", "main", "openapi", "openapi.yaml");
    private static final Path SERVED = Path.of("target", "openapi", "openapi.yaml");

    @Test
    void theCommittedContractIsTheServedDocument() throws IOException {
        String served = given().accept("application/yaml").when().get("/q/openapi").then().statusCode(200).extract().asString();
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, served);
        Yaml yaml = new Yaml();
        assertEquals(yaml.load(Files.readString(CONTRACT)), (Object) yaml.load(served),
                "the API changed: check " + SERVED + " and, if the change is meant, copy it to " + CONTRACT);
    }
}
