package io.featurelens.deploy;

import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.featurelens.deploy.DeploymentFiles.list;
import static io.featurelens.deploy.DeploymentFiles.map;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files against the running application: the port they expose is the one it listens on,
 * the probes' and Prometheus's paths answer, the metrics the autoscaler uses are published, and every
 * value they give a FeatureLens setting is one the application's own converters accept.
 */
@QuarkusTest
class DeploymentAgainstAppTest {

    private final Map<String, Map<String, Object>> manifests = DeploymentFiles.manifests();
    private final Map<String, Object> container = DeploymentFiles.container(manifests);

    @BeforeEach
    void ready() {
        ModelReady.await();
    }

    @Test
    void theImageAndManifestsUseThePortTheServiceListensOn() throws IOException {
        ConfigNames.QuarkusSetting port = ConfigNames.quarkus().get("QUARKUS_HTTP_PORT");
        assertEquals("quarkus.http.port", port.property());
        List<String> overrides = Files.readAllLines(Path.of("src", "main", "resources", "application.properties")).stream()
                .filter(l -> l.matches("\\s*(%prod\\.)?quarkus\\.http\\.port\\s*=.*")).toList();
        assertEquals(List.of(), overrides, "application.properties keeps Quarkus's port");
        int listening = Integer.parseInt(port.defaultValue().orElseThrow());
        assertEquals(List.of(listening), DeploymentFiles.gpuImage().exposedPorts());
        assertEquals(List.of(listening), DeploymentFiles.cpuImage().exposedPorts());
        assertEquals(listening, map(list(container.get("ports")).get(0)).get("containerPort"));
    }

    @Test
    void theProbesPathsAnswerUp() {
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            String path = (String) map(container, probe, "httpGet").get("path");
            given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
        assertEquals("/q/health/ready", map(container, "readinessProbe", "httpGet").get("path"), "ready means the model is loaded");
    }

    @Test
    void prometheusFindsTheMetricsTheAutoscalerUses() {
        String path = (String) map(manifests.get("Deployment"), "spec", "template", "metadata", "annotations").get("prometheus.io/path");
        String metrics = given().when().get(path).then().statusCode(200).extract().asString();
        List<String> names = podsMetrics(manifests.get("HorizontalPodAutoscaler"));
        assertFalse(names.isEmpty());
        for (String name : names) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(name + " ") || l.startsWith(name + "{")),
                    name + " is published at " + path);
        }
    }

    @Test
    void everyValueGivenToAFeatureLensSettingConverts() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        Map<String, ConfigNames.Setting> settings = ConfigNames.featureLens();
        settings.values().stream().filter(s -> s.defaultValue().isPresent()).forEach(setting ->
                assertNotNull(config.getConfigValue(setting.property()).getValue(),
                        setting.property() + " is the name SmallRye reads"));
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> file : DeploymentFiles.environments().entrySet()) {
            for (Map.Entry<String, Object> variable : file.getValue().entrySet()) {
                ConfigNames.Setting setting = settings.get(variable.getKey());
                if (setting != null && variable.getValue() instanceof String value) {
                    convert(config, setting.type(), value, file.getKey() + ": " + variable.getKey() + "=" + value);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10, checked + " values checked");
    }

    private static void convert(SmallRyeConfig config, Type type, String value, String what) {
        Type element = type;
        List<String> values = List.of(value);
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            element = generic.getActualTypeArguments()[0];
            if (element instanceof ParameterizedType inner && Collection.class.isAssignableFrom((Class<?>) inner.getRawType())) {
                element = inner.getActualTypeArguments()[0];
                values = List.of(value.split(","));
            } else if (Collection.class.isAssignableFrom(raw)) {
                values = List.of(value.split(","));
            } else if (raw != Optional.class) {
                throw new IllegalStateException("unexpected setting type " + type);
            }
        }
        Class<?> target = (Class<?>) element;
        Converter<?> converter = config.getConverter(target).orElseThrow(() -> new AssertionError("no converter for " + target));
        for (String item : values) {
            assertNotNull(converter.convert(item.strip()), what);
        }
    }

    /** The names of the autoscaler's Pods metrics. */
    static List<String> podsMetrics(Map<String, Object> hpa) {
        List<String> names = new ArrayList<>();
        for (Object metric : list(map(hpa, "spec").get("metrics"))) {
            if ("Pods".equals(map(metric).get("type"))) {
                names.add((String) map(metric, "pods", "metric").get("name"));
            }
        }
        return names;
    }
}
