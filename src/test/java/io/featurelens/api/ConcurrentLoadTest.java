package io.featurelens.api;

import io.featurelens.Goldens;
import io.featurelens.ModelReady;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients at once, mixed layers: every answer is the answer the same request gets alone, and the
 * service's own gauges show that requests were inside it at the same time.
 */
@QuarkusTest
class ConcurrentLoadTest {

    @Inject
    MeterRegistry registry;

    private static final String[][] REQUESTS = {{"0", "0-15"}, {"3", "8-23"}, {"relu2_1", "0-31"}, {"15", "100-131"}, {"29", "all"}};
    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 25;

    @BeforeEach
    void modelLoaded() {
        ModelReady.await();
    }

    @Test
    void everyConcurrentAnswerIsCorrect() throws Exception {
        Map<String, List<String>> alone = new HashMap<>();
        for (String[] r : REQUESTS) {
            alone.put(r[0], pngs(post(r)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger mostComputing = new AtomicInteger();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (loading.get()) {
                int computing = (int) gauge("featurelens.requests.in.flight");
                mostComputing.accumulateAndGet(computing, Math::max);
                mostInside.accumulateAndGet(computing + (int) gauge("featurelens.requests.queued"), Math::max);
                LockSupport.parkNanos(10_000_000);
            }
        });
        sampler.start();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        String[] r = REQUESTS[(client + i) % REQUESTS.length];
                        assertEquals(alone.get(r[0]), pngs(post(r)), "layer " + r[0] + " under load");
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(10, TimeUnit.MINUTES);
            }
            assertEquals(CLIENTS * REQUESTS_PER_CLIENT, total);
        } finally {
            loading.set(false);
            sampler.join();
            clients.shutdownNow();
        }
        System.out.printf("at most %d requests inside the service at once, %d computing%n", mostInside.get(), mostComputing.get());
        assertTrue(mostInside.get() >= CLIENTS / 2, "requests overlapped: at most " + mostInside.get()
                + " of " + CLIENTS + " clients' requests were in the service (computing or queued) at once");
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static JsonPath post(String[] request) {
        return given().multiPart("image", "scene.png", Goldens.sceneImage(), "image/png")
                .multiPart("layer", request[0]).multiPart("filters", request[1])
                .when().post("/api/features").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> pngs(JsonPath json) {
        List<String> pngs = json.getList("maps.png");
        assertTrue(!pngs.isEmpty());
        return pngs;
    }
}
