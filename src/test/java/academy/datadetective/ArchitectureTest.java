package academy.datadetective;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.persistence.Entity;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The shape of the code as README "Architecture" draws it. The package diagram there is the rule: its arrows are
 * read from the README and each package may depend only on the packages it points to (and on {@code common}, which
 * every package may use); an arrow with no dependency behind it fails too, so that the diagram stays true.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "academy.datadetective";
    private static final String COMMON = "common";
    private static final Map<String, Set<String>> DIAGRAM = diagram(Path.of("README.md"));

    @ArchTest
    static void featurePackagesFormNoCycle(JavaClasses classes) {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    static void packagesDependOnlyAsTheDiagramDraws(JavaClasses classes) {
        dependenciesOf(DIAGRAM).check(classes);
    }

    @ArchTest
    static void commonAndConfigDependOnNoFeature(JavaClasses classes) {
        noClasses().that().resideInAnyPackage(ROOT + ".common..", ROOT + ".config..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackages(ROOT + ".common..", ROOT + ".config..")))
                .because("every feature may use them, so they may use none")
                .check(classes);
    }

    @ArchTest
    static void resourcesTouchNoEntityOrSql(JavaClasses classes) {
        noClasses().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..", "org.hibernate..",
                        "io.quarkus.hibernate..", "io.agroal..")
                .because("resources map HTTP to a service; queries and entities live behind the service")
                .check(classes);
    }

    @ArchTest
    static void entitiesStayInTheirFeature(JavaClasses classes) {
        classes().that().areAnnotatedWith(Entity.class)
                .should(new ArchCondition<JavaClass>("be used only inside their own package") {
                    @Override
                    public void check(JavaClass entity, ConditionEvents events) {
                        for (Dependency dependency : entity.getDirectDependenciesToSelf()) {
                            if (!dependency.getOriginClass().getPackageName().equals(entity.getPackageName())) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .because("other features get records from the owning feature's service, never its entities")
                .check(classes);
    }

    @ArchTest
    static void everyArrowOfTheDiagramIsADependency(JavaClasses classes) {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (JavaClass origin : classes) {
            String from = feature(origin);
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String to = feature(dependency.getTargetClass());
                if (from != null && to != null && !to.equals(from) && !to.equals(COMMON)) {
                    actual.computeIfAbsent(from, key -> new TreeSet<>()).add(to);
                }
            }
        }
        assertEquals(DIAGRAM, actual, "README's package diagram (left) and the code's dependencies between packages (right)");
    }

    /** The first package below the root, or null for a class outside it. */
    private static String feature(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchRule dependenciesOf(Map<String, Set<String>> diagram) {
        Set<String> packages = new TreeSet<>(diagram.keySet());
        diagram.values().forEach(packages::addAll);
        packages.add(COMMON);
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String name : packages) {
            layers = layers.layer(name).definedBy(ROOT + "." + name + "..");
        }
        for (String name : packages) {
            Set<String> allowed = new TreeSet<>(diagram.getOrDefault(name, Set.of()));
            if (!name.equals(COMMON)) {
                allowed.add(COMMON);
            }
            layers = allowed.isEmpty() ? layers.whereLayer(name).mayNotAccessAnyLayer()
                    : layers.whereLayer(name).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        return layers.as("packages depend only on what README's package diagram draws (and on common)");
    }

    /** The arrows {@code a --> b} of README's first mermaid block: package a depends on package b. */
    static Map<String, Set<String>> diagram(Path readme) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher block = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL).matcher(text);
        if (!block.find()) {
            throw new IllegalStateException("README.md has no mermaid diagram of the packages");
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        Matcher arrow = Pattern.compile("(?m)^\\s*(\\w+)\\s*-->\\s*(\\w+)\\s*$").matcher(block.group(1));
        while (arrow.find()) {
            edges.computeIfAbsent(arrow.group(1), key -> new TreeSet<>()).add(arrow.group(2));
        }
        return edges;
    }
}
