package io.featurelens.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YAML as CloudFormation and Kubernetes write it. CloudFormation's short forms ({@code !Ref X},
 * {@code !Sub "…"}, {@code !If […]}, …) become their long forms ({@code {"Ref": "X"}},
 * {@code {"Fn::Sub": "…"}}, {@code {"Fn::If": […]}}), as CloudFormation reads them.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        return (Map<String, Object>) loadAll(file).get(0);
    }

    static List<Object> loadAll(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            new Yaml(new IntrinsicFunctions()).loadAll(reader).forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key given twice is an error, not a silent overwrite that could hide a setting or a grant. */
    private static LoaderOptions noDuplicateKeys() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** Any tag not YAML's own is an intrinsic function. */
    private static final class IntrinsicFunctions extends SafeConstructor {

        IntrinsicFunctions() {
            super(noDuplicateKeys());
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    if (!tag.startsWith("!")) {
                        throw new IllegalArgumentException("unexpected YAML tag " + tag);
                    }
                    String name = tag.substring(1);
                    return Map.of(name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name, value(node));
                }
            });
        }

        private Object value(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }
    }
}
