package org.estimator.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.Main;
import org.junit.jupiter.api.Test;

/** Every REST route the code declares is described by the OpenAPI document. */
@QuarkusTest
class OpenApiCoverageTest {

    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", DELETE.class, "delete");

    @Test
    void theDocumentDescribesEveryRoute() throws Exception {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().forEach(verb -> documented.add(verb + " " + path)));

        Set<String> declared = declaredRoutes();
        assertThat(declared).hasSizeGreaterThan(30);
        // Every API route is described, and nothing else: the web pages are not part of the API.
        Set<String> api = new TreeSet<>(declared.stream().filter(r -> r.contains(" /rest/")).toList());
        assertThat(documented).containsAll(api);
        assertThat(documented).allMatch(r -> r.contains(" /rest/"));
    }

    @Test
    void requestBodiesCarryExamples() {
        String document = given().accept("application/json").get("/q/openapi?format=json").then().extract().asString();
        assertThat(document).contains("correct horse battery staple", "JIRA-42", "MODIFIED_FIBONACCI");
    }

    private static Set<String> declaredRoutes() throws URISyntaxException, java.io.IOException {
        java.nio.file.Path root = Paths.get(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> routes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiCoverageTest.class.getClassLoader());
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    continue;
                }
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    for (var verb : VERBS.entrySet()) {
                        if (m.isAnnotationPresent(verb.getKey())) {
                            Path sub = m.getAnnotation(Path.class);
                            routes.add(verb.getValue() + " "
                                    + (base.value() + (sub == null ? "" : sub.value())).replaceAll("/+$", ""));
                        }
                    }
                }
            }
        }
        return routes;
    }
}
