package io.featurelens.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files under infra/, read: the SAM template, the three Dockerfiles and the Kubernetes manifests. */
final class DeploymentFiles {

    static final Path TEMPLATE = Path.of("infra", "template.yaml");
    static final Path LAMBDA_DOCKERFILE = Path.of("infra", "lambda", "Dockerfile");
    static final Path GPU_DOCKERFILE = Path.of("infra", "gpu", "Dockerfile");
    static final Path CPU_DOCKERFILE = Path.of("infra", "cpu", "Dockerfile");
    static final Path K8S = Path.of("infra", "gpu", "k8s");
    static final Path ADAPTER_VALUES = Path.of("infra", "gpu", "prometheus-adapter-values.yaml");

    private DeploymentFiles() {
    }

    static Map<String, Object> template() {
        return CloudFormationYaml.load(TEMPLATE);
    }

    /** The template's resources of {@code type}, by logical ID. */
    static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template, "Resources").forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    /** The properties of the template's one AWS::Serverless::Function. */
    static Map<String, Object> function(Map<String, Object> template) {
        Map<String, Map<String, Object>> functions = resources(template, "AWS::Serverless::Function");
        if (functions.size() != 1) {
            throw new IllegalStateException("expected one function in " + TEMPLATE + ", found " + functions.keySet());
        }
        return map(functions.values().iterator().next(), "Properties");
    }

    static Dockerfile lambdaImage() {
        return Dockerfile.read(LAMBDA_DOCKERFILE);
    }

    static Dockerfile gpuImage() {
        return Dockerfile.read(GPU_DOCKERFILE);
    }

    static Dockerfile cpuImage() {
        return Dockerfile.read(CPU_DOCKERFILE);
    }

    /** Every object in the Kubernetes manifests, by kind. */
    static Map<String, Map<String, Object>> manifests() {
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : CloudFormationYaml.loadAll(file)) {
                    Map<String, Object> object = map(document);
                    if (objects.put((String) object.get("kind"), object) != null) {
                        throw new IllegalStateException("two objects of kind " + object.get("kind") + " in " + K8S);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** The Deployment's one container. */
    static Map<String, Object> container(Map<String, Map<String, Object>> manifests) {
        List<Object> containers = list(map(map(map(manifests.get("Deployment"), "spec"), "template"), "spec").get("containers"));
        if (containers.size() != 1) {
            throw new IllegalStateException("expected one container in the Deployment, found " + containers.size());
        }
        return map(containers.get(0));
    }

    /** The environment each file sets, by file: names to values (in the template, values may be intrinsic functions). */
    static Map<String, Map<String, Object>> environments() {
        Map<String, Map<String, Object>> environments = new LinkedHashMap<>();
        environments.put(TEMPLATE.toString(), map(map(function(template()), "Environment"), "Variables"));
        environments.put(LAMBDA_DOCKERFILE.toString(), new LinkedHashMap<>(lambdaImage().env()));
        environments.put(GPU_DOCKERFILE.toString(), new LinkedHashMap<>(gpuImage().env()));
        environments.put(CPU_DOCKERFILE.toString(), new LinkedHashMap<>(cpuImage().env()));
        Map<String, Object> deployment = new LinkedHashMap<>();
        for (Object variable : list(container(manifests()).get("env"))) {
            String name = (String) map(variable).get("name");
            if (deployment.put(name, map(variable).get("value")) != null) {
                throw new IllegalStateException("deployment.yaml: env " + name + " is set twice");
            }
        }
        environments.put(K8S.resolve("deployment.yaml").toString(), deployment);
        return environments;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String... keys) {
        Object current = value;
        for (String key : keys) {
            current = ((Map<String, Object>) current).get(key);
            if (current == null) {
                throw new IllegalStateException("no " + key + " in " + value);
            }
        }
        return (Map<String, Object>) current;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : new ArrayList<>(List.of(value));
    }
}
