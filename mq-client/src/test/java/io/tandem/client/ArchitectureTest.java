package io.tandem.client;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tandem.testing.PackageSlices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The client's layout as rules: every package (the root included) is its own slice and no two slices import
 * each other in a circle; of Tandem the client depends on the protocol only, and it never needs Spring.
 */
@AnalyzeClasses(packages = "io.tandem.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.client";

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PackageSlices.under(ROOT))
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependsOnlyOnTheProtocol = noClasses()
            .that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat(resideInAPackage("io.tandem..")
                    .and(resideOutsideOfPackages(ROOT + "..", "io.tandem.protocol..")))
            .because("applications embed the client without the broker, the store or the coordinator");

    @ArchTest
    static final ArchRule noSpring = noClasses()
            .that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the client runs in any application; the Spring integration is the starter");
}
