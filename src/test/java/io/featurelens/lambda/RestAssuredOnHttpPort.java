package io.featurelens.lambda;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps RestAssured's default requests on the HTTP service. With the Lambda extension present, Quarkus
 * points RestAssured's default port at the mock event server; every test that means the HTTP service
 * would otherwise have to name its port. Tests of the function name the event server's port.
 */
public class RestAssuredOnHttpPort implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(port).build();
    }
}
