package io.featurelens.deploy;

import io.featurelens.FeatureLensConfig;
import io.quarkus.funqy.Funq;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.featurelens.deploy.DeploymentFiles.list;
import static io.featurelens.deploy.DeploymentFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files against the application: every setting they make exists and is read at run time,
 * the handler and function they name exist, and the template's buckets, prefixes and permissions, the
 * images' libraries and the manifests' names fit together. DeploymentAgainstAppTest checks the rest
 * (ports, health and metrics paths, values) against the running application.
 */
class DeploymentFilesTest {

    /** glibc's own settings, which the images may set for the JVM's native memory. */
    private static final Set<String> GLIBC_VARIABLES = Set.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");

    private static final String RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Map<String, Object> template = DeploymentFiles.template();
    private final Map<String, Object> function = DeploymentFiles.function(template);
    private final Dockerfile lambda = DeploymentFiles.lambdaImage();
    private final Dockerfile gpu = DeploymentFiles.gpuImage();
    private final Dockerfile cpu = DeploymentFiles.cpuImage();
    private final Map<String, Map<String, Object>> manifests = DeploymentFiles.manifests();

    @Test
    void everyFeatureLensVariableIsAFeatureLensSetting() {
        Set<String> settings = ConfigNames.featureLens().keySet();
        assertTrue(settings.contains("FEATURELENS_LAMBDA_PIPELINE_OUTPUT_PREFIX"), "the names are derived as MicroProfile does: " + settings);
        Map<String, Map<String, Object>> environments = DeploymentFiles.environments();
        assertEquals(5, environments.size(), "the template, the three Dockerfiles and the Deployment: " + environments.keySet());
        environments.forEach((file, env) -> {
            List<String> keys = env.keySet().stream().filter(k -> k.startsWith("FEATURELENS_")).toList();
            assertFalse(keys.isEmpty(), file + " sets FeatureLens settings: " + keys);
            keys.forEach(key -> assertTrue(settings.contains(key), file + ": " + key + " is no property of FeatureLensConfig"));
        });
    }

    @Test
    void everyQuarkusVariableIsAQuarkusSettingReadAtRunTime() {
        Map<String, ConfigNames.QuarkusSetting> quarkus = ConfigNames.quarkus();
        assertTrue(DeploymentFiles.environments().values().stream().flatMap(env -> env.keySet().stream())
                .filter(k -> k.startsWith("QUARKUS_")).count() >= 3, "the template's and the Lambda image's Quarkus settings");
        DeploymentFiles.environments().forEach((file, env) -> env.keySet().stream().filter(k -> k.startsWith("QUARKUS_"))
                .forEach(key -> {
                    ConfigNames.QuarkusSetting setting = quarkus.get(key);
                    assertNotNull(setting, file + ": " + key + " is no Quarkus setting");
                    assertEquals("RUN_TIME", setting.phase(), file + ": " + key + " (" + setting.property()
                            + ") is fixed at build time; setting it in the environment does nothing");
                }));
    }

    @Test
    void otherVariablesBelongToTheLibrariesTheImagesLoad() {
        DeploymentFiles.environments().forEach((file, env) -> env.keySet().forEach(key -> assertTrue(
                key.matches("(FEATURELENS|QUARKUS|PYTORCH|DJL)_[A-Z0-9_]+") || GLIBC_VARIABLES.contains(key),
                file + ": unexpected variable " + key)));
    }

    @Test
    void theCpuImageLoadsTheUnpackedLibtorchOfflineAndWritesOnlyToItsVolumeAndTmp() throws IOException {
        Map<String, String> env = cpu.env();
        assertEquals(lambda.baseImages().get(lambda.baseImages().size() - 1), cpu.baseImages().get(cpu.baseImages().size() - 1),
                "the Lambda image's slim Debian base, the system both read-only checks run on");
        assertEquals(lambda.env().get("PYTORCH_LIBRARY_PATH"), env.get("PYTORCH_LIBRARY_PATH"), "where infra/libtorch.sh unpacks");
        assertEquals("true", env.get("DJL_OFFLINE"));
        assertEquals(List.of("/var/cache/featurelens"), cpu.volumes());
        for (String key : List.of("DJL_CACHE_DIR", "FEATURELENS_MODEL_CACHE_DIR")) {
            assertTrue(env.get(key).startsWith(cpu.volumes().get(0) + "/"), key + " is in the cache volume");
        }
        assertTrue(env.get("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY").startsWith("/tmp/"), "uploads go to /tmp, writable");
        assertTrue(cpu.user().orElseThrow().matches("[1-9][0-9]*"), "an unprivileged numeric user: " + cpu.user());
        assertEquals(gpu.user(), cpu.user(), "the same user as the GPU image");
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/app/quarkus-run.jar"), cpu.entrypoint());
        assertEquals(gpu.entrypoint(), cpu.entrypoint(), "the same service as the GPU image");
        String healthcheck = String.join(" ", cpu.healthcheck());
        assertTrue(healthcheck.contains("/dev/tcp/127.0.0.1/" + cpu.exposedPorts().get(0)) && healthcheck.contains("GET /q/health/ready "),
                "the HEALTHCHECK asks the exposed port for readiness: " + healthcheck);
    }

    @Test
    void theImagesThatShipTheCpuLibtorchUnpackItWithTheSharedScript() throws IOException {
        for (Path dockerfile : List.of(DeploymentFiles.LAMBDA_DOCKERFILE, DeploymentFiles.CPU_DOCKERFILE)) {
            String layout = Files.readString(dockerfile.resolveSibling("layout.sh"));
            assertTrue(layout.contains("/../libtorch.sh\""), dockerfile + "'s layout.sh calls infra/libtorch.sh");
            assertFalse(layout.contains("pytorch-native-cpu-*.jar 'pytorch"), dockerfile + "'s layout.sh does not unpack by itself");
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("COPY infra/libtorch.sh /inputs/infra/libtorch.sh"), dockerfile + " copies the shared script");
        }
    }

    @Test
    void theHandlerIsFunqysStreamHandlerInTheTemplateAndTheImage() throws Exception {
        List<Object> command = list(map(function, "ImageConfig").get("Command"));
        assertEquals(lambda.cmd(), command, "the template's ImageConfig.Command is the image's CMD");
        assertEquals(1, command.size());
        String[] handler = ((String) command.get(0)).split("::");
        Class<?> type = Class.forName(handler[0]);
        type.getMethod(handler[1], InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context"));
        assertTrue(Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler").isAssignableFrom(type));
    }

    @Test
    void theExportedFunctionIsTheFunqFunction() throws Exception {
        Set<String> functions = funqFunctions();
        assertEquals(Set.of("features"), functions);
        assertEquals(lambda.env().get("QUARKUS_FUNQY_EXPORT"), DeploymentFiles.environments()
                .get(DeploymentFiles.TEMPLATE.toString()).get("QUARKUS_FUNQY_EXPORT"));
        assertTrue(functions.contains(lambda.env().get("QUARKUS_FUNQY_EXPORT")), "QUARKUS_FUNQY_EXPORT names a @Funq method");
    }

    @Test
    void theLambdaImageRunsTheRuntimeInterfaceClientAndWritesOnlyUnderTmp() throws IOException {
        List<String> entrypoint = lambda.entrypoint();
        assertEquals("java", entrypoint.get(0));
        assertEquals(RUNTIME_INTERFACE_CLIENT, entrypoint.get(entrypoint.size() - 1));
        String pom = Files.readString(DeploymentFiles.LAMBDA_DOCKERFILE.resolveSibling("runtime-client").resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>aws-lambda-java-runtime-interface-client</artifactId>"), "the client is the one copied in");
        assertEquals("/var/task", lambda.workdir().orElseThrow(), "the task root, where the client looks for the function");
        for (String key : List.of("DJL_CACHE_DIR", "FEATURELENS_MODEL_CACHE_DIR")) {
            assertTrue(lambda.env().get(key).startsWith("/tmp/"), key + " is under /tmp, Lambda's only writable place");
        }
        assertEquals("false", lambda.env().get("QUARKUS_HTTP_HOST_ENABLED"), "no HTTP server in the function");
        assertEquals("true", lambda.env().get("DJL_OFFLINE"));
    }

    @Test
    void theNotificationFilterThePermissionsAndTheSettingsNameTheSameBucketsAndPrefixes() {
        Map<String, Object> event = map(map(function, "Events").values().iterator().next(), "Properties");
        assertEquals("S3", map(map(function, "Events").values().iterator().next()).get("Type"));
        assertEquals("s3:ObjectCreated:*", event.get("Events"));
        String bucket = (String) map(event, "Bucket").get("Ref");
        assertEquals(Map.of("Ref", "InputBucketName"), map(template, "Resources", bucket, "Properties").get("BucketName"));
        Map<String, Object> rule = map(list(map(event, "Filter", "S3Key").get("Rules")).get(0));
        assertEquals("prefix", rule.get("Name"));
        assertEquals(Map.of("Ref", "InputPrefix"), rule.get("Value"));

        Map<String, Object> env = map(function, "Environment", "Variables");
        assertEquals(Map.of("Ref", "OutputBucketName"), env.get("FEATURELENS_LAMBDA_PIPELINE_OUTPUT_BUCKET"));
        assertEquals(Map.of("Ref", "OutputPrefix"), env.get("FEATURELENS_LAMBDA_PIPELINE_OUTPUT_PREFIX"));
        assertEquals(Map.of("Ref", "PipelineGradcamOverlay"), env.get("FEATURELENS_LAMBDA_PIPELINE_GRADCAM_OVERLAY"));
        assertEquals(Map.of("Fn::Sub", "${InputBucketName},${OutputBucketName}"), env.get("FEATURELENS_LAMBDA_S3_ALLOWED_BUCKETS"));
        assertEquals(Map.of("Ref", "OutputBucketName"),
                map(template, "Resources", "OutputBucket", "Properties").get("BucketName"));
        assertEquals("Image", function.get("PackageType"));
        int memory = (Integer) function.get("MemorySize");
        int timeout = (Integer) function.get("Timeout");
        assertTrue(memory >= 2048 && memory <= 10240 && timeout >= 30 && timeout <= 900, memory + " MB, " + timeout + " s");
    }

    @Test
    void theFunctionMayReadTheInputPrefixAndWriteTheOutputPrefixAndNothingElse() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(function.get("Policies"))) {
            for (Object statement : list(map(policy).get("Statement"))) {
                statements.addAll(branches(statement));
            }
        }
        assertEquals(4, statements.size(), "read the input, write the output, consume the atlas queue, read the weights: " + statements);
        Map<String, String> granted = new TreeMap<>();
        for (Map<String, Object> statement : statements) {
            assertEquals("Allow", statement.get("Effect"));
            assertFalse(statement.containsKey("NotAction") || statement.containsKey("NotResource"), statement.toString());
            String resource = (String) map(statement, "Resource").get("Fn::Sub");
            Object action = statement.get("Action");
            String earlier = granted.put(resource, action instanceof List<?> actions
                    ? String.join(",", actions.stream().map(String::valueOf).sorted().toList()) : (String) action);
            assertTrue(earlier == null, "a second statement on " + resource + " (" + earlier + ") could hide a broader grant");
        }
        assertEquals(Map.of(
                "arn:${AWS::Partition}:s3:::${InputBucketName}/${InputPrefix}*", "s3:GetObject",
                "arn:${AWS::Partition}:s3:::${OutputBucketName}/${OutputPrefix}/*", "s3:PutObject",
                "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}-atlas",
                "sqs:ChangeMessageVisibility,sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:ReceiveMessage",
                "arn:${AWS::Partition}:s3:::${WeightsBucket}/${WeightsKey}", "s3:GetObject"), granted);

        Set<String> resources = map(template, "Resources").keySet();
        List<String> references = new ArrayList<>();
        references(function.get("Policies"), references);
        references.forEach(r -> assertFalse(resources.contains(r.split("\\.")[0]),
                "the role refers to resource " + r + ": the bucket notification makes that a circular dependency"));
    }

    @Test
    void theAtlasQueueFeedsTheFunctionOneRangeAtATimeWithADeadLetterQueue() {
        Map<String, Map<String, Object>> mappings = DeploymentFiles.resources(template, "AWS::Lambda::EventSourceMapping");
        assertEquals(1, mappings.size(), mappings.keySet().toString());
        Map<String, Object> mapping = map(mappings.values().iterator().next(), "Properties");
        String functionId = DeploymentFiles.resources(template, "AWS::Serverless::Function").keySet().iterator().next();
        assertEquals(Map.of("Ref", functionId), mapping.get("FunctionName"));
        assertEquals(1, mapping.get("BatchSize"));
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        String queueId = ((String) map(mapping, "EventSourceArn").get("Fn::GetAtt")).split("\\.")[0];
        Map<String, Object> queue = map(template, "Resources", queueId, "Properties");
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-atlas"), queue.get("QueueName"), "the name the role's ARN is built from");
        int timeout = (Integer) function.get("Timeout");
        assertTrue((Integer) queue.get("VisibilityTimeout") >= 6 * timeout, "visibility at least six times the function's timeout");
        Map<String, Object> redrive = map(queue, "RedrivePolicy");
        String deadLetters = ((String) map(redrive, "deadLetterTargetArn").get("Fn::GetAtt")).split("\\.")[0];
        assertEquals("AWS::SQS::Queue", map(template, "Resources", deadLetters).get("Type"));
        assertTrue((Integer) redrive.get("maxReceiveCount") >= 2, redrive.toString());
    }

    @Test
    void theWeightsComeFromTheImageOrFromS3() {
        Object weights = map(function, "Environment", "Variables").get("FEATURELENS_MODEL_WEIGHTS");
        List<Object> choice = list(map(weights).get("Fn::If"));
        assertTrue(map(template, "Conditions").containsKey(choice.get(0)));
        assertEquals(Map.of("Fn::Sub", "s3://${WeightsBucket}/${WeightsKey}"), choice.get(1));
        assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2), "else the image's own file");
        assertTrue(lambda.env().get("FEATURELENS_MODEL_WEIGHTS").startsWith("/opt/"), "baked into the image");
    }

    @Test
    void theHttpEndpointIsAnOptionalFunctionUrlOfTheFunction() {
        Map<String, Map<String, Object>> urls = DeploymentFiles.resources(template, "AWS::Lambda::Url");
        assertEquals(1, urls.size());
        Map<String, Object> url = urls.values().iterator().next();
        assertTrue(map(template, "Conditions").containsKey(url.get("Condition")), "optional: " + url);
        String functionId = DeploymentFiles.resources(template, "AWS::Serverless::Function").keySet().iterator().next();
        assertEquals(Map.of("Fn::GetAtt", functionId + ".Arn"), map(url, "Properties").get("TargetFunctionArn"));
        assertEquals("AWS_IAM", map(url, "Properties").get("AuthType"));
    }

    @Test
    void theGpuImageLoadsDjlsCudaBuildOfflineAndBatches() throws Exception {
        Map<String, String> env = gpu.env();
        String flavor = env.get("PYTORCH_FLAVOR");
        assertNotNull(getClass().getClassLoader().getResource("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"),
                "DJL's JNI jar has a library for " + flavor);
        Matcher cuda = Pattern.compile("cuda:(\\d+)\\.(\\d)\\.").matcher(gpu.baseImages().get(0));
        assertTrue(cuda.find(), gpu.baseImages().toString());
        assertEquals("cu" + cuda.group(1) + cuda.group(2), flavor, "the base image's CUDA is the flavour's");
        assertEquals("true", env.get("DJL_OFFLINE"));
        assertEquals("/opt/libtorch", env.get("PYTORCH_LIBRARY_PATH"));
        assertEquals(FeatureLensConfig.DeviceChoice.AUTO.name().toLowerCase(), env.get("FEATURELENS_DEVICE"));
        assertEquals("true", env.get("FEATURELENS_BATCHING_ENABLED"));
        assertTrue(Integer.parseInt(env.get("FEATURELENS_LIMITS_MAX_CONCURRENT")) > Integer.parseInt(env.get("FEATURELENS_BATCHING_MAX_SIZE")),
                "more computations admitted than one batch holds, so that batches can form");
        Matcher classes = Pattern.compile("io\\.featurelens\\.[\\w.]+").matcher(String.join("\n", gpu.runs()));
        int named = 0;
        while (classes.find()) {
            Class.forName(classes.group()).getMethod("main", String[].class);
            named++;
        }
        assertEquals(1, named, "EngineCheck fetches libtorch at build");
    }

    @Test
    void theManifestsNameOneAnother() {
        Map<String, Object> deployment = manifests.get("Deployment");
        Map<String, Object> container = DeploymentFiles.container(manifests);
        assertEquals(1, map(container, "resources", "limits").get("nvidia.com/gpu"));
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertEquals(gpu.exposedPorts(), List.of(port.get("containerPort")), "the image's EXPOSE");
        assertEquals(String.valueOf(port.get("containerPort")),
                map(deployment, "spec", "template", "metadata", "annotations").get("prometheus.io/port"));
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertEquals(port.get("name"), map(container, probe, "httpGet").get("port"), probe);
        }
        Map<String, Object> labels = map(deployment, "spec", "template", "metadata", "labels");
        assertEquals(map(deployment, "spec", "selector", "matchLabels"), labels);
        Map<String, Object> service = manifests.get("Service");
        assertTrue(labels.entrySet().containsAll(map(service, "spec", "selector").entrySet()), "the Service selects the pods");
        assertEquals(port.get("name"), map(list(map(service, "spec").get("ports")).get(0)).get("targetPort"));
        Map<String, Object> target = map(manifests.get("HorizontalPodAutoscaler"), "spec", "scaleTargetRef");
        assertEquals(deployment.get("kind"), target.get("kind"));
        assertEquals(map(deployment, "metadata").get("name"), target.get("name"));
        Map<String, Object> kustomization = manifests.get("Kustomization");
        assertEquals(container.get("image"), map(list(kustomization.get("images")).get(0)).get("name"));
        assertEquals(List.of("deployment.yaml", "service.yaml", "hpa.yaml"), list(kustomization.get("resources")));
        for (Object resource : list(kustomization.get("resources"))) {
            assertTrue(Files.isRegularFile(DeploymentFiles.K8S.resolve((String) resource)), resource.toString());
        }
    }

    @Test
    void theAutoscalerScalesOnMetricsTheAdapterServesBelowTheAdmissionLimit() {
        Map<String, Object> hpa = manifests.get("HorizontalPodAutoscaler");
        Set<String> adapted = new TreeSet<>();
        for (Object rule : list(map(CloudFormationYaml.load(DeploymentFiles.ADAPTER_VALUES), "rules").get("custom"))) {
            adapted.add((String) map(rule, "name").get("as"));
        }
        Map<String, Object> env = DeploymentFiles.environments().get(DeploymentFiles.K8S.resolve("deployment.yaml").toString());
        int maxConcurrent = Integer.parseInt((String) env.get("FEATURELENS_LIMITS_MAX_CONCURRENT"));
        assertEquals(gpu.env().get("FEATURELENS_LIMITS_MAX_CONCURRENT"), String.valueOf(maxConcurrent));
        assertEquals(Set.of("featurelens_requests_queued", "featurelens_requests_in_flight"), adapted);
        assertTrue(DeploymentAgainstAppTest.podsMetrics(hpa).size() >= 2, "the queue and the requests in flight");
        for (String metric : DeploymentAgainstAppTest.podsMetrics(hpa)) {
            assertTrue(adapted.contains(metric), metric + " is served by the adapter's rules: " + adapted);
        }
        Object inFlight = list(map(hpa, "spec").get("metrics")).stream()
                .filter(metric -> "Pods".equals(map(metric).get("type"))
                        && "featurelens_requests_in_flight".equals(map(metric, "pods", "metric").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("the autoscaler scales on featurelens_requests_in_flight"));
        int target = Integer.parseInt((String) map(inFlight, "pods", "target").get("averageValue"));
        assertTrue(target < maxConcurrent, "in-flight target " + target + " below the " + maxConcurrent + " admitted");
    }

    /** A statement, or both branches of an Fn::If (less AWS::NoValue). */
    private static List<Map<String, Object>> branches(Object statement) {
        Map<String, Object> map = map(statement);
        if (!map.containsKey("Fn::If")) {
            return List.of(map);
        }
        List<Map<String, Object>> branches = new ArrayList<>();
        for (Object branch : list(map.get("Fn::If")).subList(1, 3)) {
            if (!Map.of("Ref", "AWS::NoValue").equals(branch)) {
                branches.addAll(branches(branch));
            }
        }
        return branches;
    }

    /** Every Ref, GetAtt and ${…} in {@code value}. */
    private static void references(Object value, List<String> found) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                if (key.equals("Ref") || key.equals("Fn::GetAtt")) {
                    found.add(String.valueOf(child));
                } else if (key.equals("Fn::Sub")) {
                    Matcher names = Pattern.compile("\\$\\{([^}]+)}").matcher(String.valueOf(child));
                    while (names.find()) {
                        found.add(names.group(1));
                    }
                }
                references(child, found);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(child -> references(child, found));
        }
    }

    /** The names of the application's @Funq methods, from its compiled classes. */
    private static Set<String> funqFunctions() throws Exception {
        Path classes = Path.of(FeatureLensConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
                for (Method method : Class.forName(name, false, FeatureLensConfig.class.getClassLoader()).getDeclaredMethods()) {
                    Funq funq = method.getAnnotation(Funq.class);
                    if (funq != null) {
                        names.add(funq.value().isEmpty() ? method.getName() : funq.value());
                    }
                }
            }
        }
        return names;
    }
}
