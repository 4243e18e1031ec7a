package io.featurelens.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.Goldens;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java generator and the NumPy one in tools/golden must agree, or every golden comparison is moot. */
class DemoWeightsTest {

    @Test
    void reproducesTheGoldenGeneratorsTensors() {
        JsonNode fingerprints = Goldens.meta().get("weights");
        Map<String, FloatBuffer> tensors = DemoWeights.generate().tensors();
        assertEquals(26, tensors.size());
        for (Map.Entry<String, FloatBuffer> e : tensors.entrySet()) {
            JsonNode expected = fingerprints.get(e.getKey().substring("features.".length()));
            FloatBuffer values = e.getValue();
            double sum = 0;
            for (int i = 0; i < values.limit(); i++) {
                sum += values.get(i);
            }
            assertEquals(expected.get(1).floatValue(), values.get(0), 0f, e.getKey() + "[0]");
            assertEquals(expected.get(2).floatValue(), values.get(values.limit() - 1), 0f, e.getKey() + "[-1]");
            assertEquals(expected.get(0).asDouble(), sum, 1e-9 * values.limit(), e.getKey() + " sum");
        }
    }
}
