package io.tandem.server;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tandem.testing.PackageSlices;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The broker's package layout as rules: every package (the root included) is its own slice and no two slices
 * import each other in a circle; Spring stays in {@code io.tandem.server.boot}, so the broker core runs without it.
 */
@AnalyzeClasses(packages = "io.tandem.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.server";

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PackageSlices.under(ROOT))
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule springOnlyInBoot = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".boot..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the broker core runs without Spring; io.tandem.server.boot adapts it to Spring Boot");
}
