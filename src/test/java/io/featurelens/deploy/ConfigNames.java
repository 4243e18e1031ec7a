package io.featurelens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.FeatureLensConfig;
import io.featurelens.lambda.LambdaConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings the application really has, by the environment variable that sets each: FeatureLens's own
 * from the {@link FeatureLensConfig} and {@link LambdaConfig} mappings (its methods, as SmallRye names them), Quarkus's from the
 * configuration metadata every extension ships (META-INF/quarkus-config-doc/quarkus-config-model.json).
 */
final class ConfigNames {

    /** One FeatureLens setting: its property name, the method's generic type, and its default if any. */
    record Setting(String property, Type type, Optional<String> defaultValue) {
    }

    /** One Quarkus setting: its property name, when it may be set (BUILD_TIME, RUN_TIME, …) and its default. */
    record QuarkusSetting(String property, String phase, Optional<String> defaultValue) {
    }

    private ConfigNames() {
    }

    /** Every property of FeatureLensConfig, by environment variable name. */
    static Map<String, Setting> featureLens() {
        Map<String, Setting> settings = new TreeMap<>();
        for (Class<?> mapping : List.of(FeatureLensConfig.class, LambdaConfig.class)) {
            collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), settings);
        }
        return Collections.unmodifiableMap(settings);
    }

    private static void collect(Class<?> group, String prefix, Map<String, Setting> settings) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String property = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith(FeatureLensConfig.class.getPackageName() + ".")) {
                collect(type, property, settings);
            } else {
                WithDefault defaultValue = method.getAnnotation(WithDefault.class);
                settings.put(environmentVariable(property), new Setting(property, method.getGenericReturnType(),
                        Optional.ofNullable(defaultValue).map(WithDefault::value)));
            }
        }
    }

    /** SmallRye's default naming: maxInlineBytes is max-inline-bytes. */
    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable MicroProfile Config maps to {@code property}. */
    static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Every property in the configuration metadata of the Quarkus extensions on the class path, by environment variable. */
    static Map<String, QuarkusSetting> quarkus() {
        Map<String, QuarkusSetting> settings = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            var models = ConfigNames.class.getClassLoader().getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            for (URL url : Collections.list(models)) {
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in), settings);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    private static void collect(JsonNode node, Map<String, QuarkusSetting> settings) {
        JsonNode path = node.path("path");
        if (path.hasNonNull("environmentVariable") && path.hasNonNull("property")) {
            settings.put(path.get("environmentVariable").asText(), new QuarkusSetting(path.get("property").asText(),
                    node.path("phase").asText(), Optional.ofNullable(node.get("defaultValue")).map(JsonNode::asText)));
        }
        node.forEach(child -> collect(child, settings));
    }
}
