package io.tandem.protocol;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tandem.testing.PackageSlices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The protocol's layout as rules: every package (the root included) is its own slice and no two slices
 * import each other in a circle; the protocol is the bottom of the client and the broker and imports neither.
 */
@AnalyzeClasses(packages = "io.tandem.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.protocol";

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PackageSlices.under(ROOT))
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dependsOnNoOtherTandemModule = noClasses()
            .that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat(resideInAPackage("io.tandem..").and(resideOutsideOfPackage(ROOT + "..")))
            .because("the client and the broker both build on the protocol, so it imports neither");
}
