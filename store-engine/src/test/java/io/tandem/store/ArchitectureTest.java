package io.tandem.store;

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
 * The store engine stands alone: it imports no other Tandem module, and neither Spring nor Netty, so it can be
 * embedded and benchmarked on its own. Inside it, every package (the root included) is its own slice and no two
 * slices import each other in a circle: the API in {@code io.tandem.store} imports only {@code io}; {@code log},
 * {@code index} and {@code recovery} build on it; {@code engine} assembles them.
 */
@AnalyzeClasses(packages = "io.tandem.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.store";

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PackageSlices.under(ROOT))
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingImportsTheEngine = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".engine..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".engine..")
            .because("io.tandem.store.engine assembles the store from the other packages, which never reach back into it");

    @ArchTest
    static final ArchRule dependsOnNoOtherTandemModule = noClasses()
            .that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat(resideInAPackage("io.tandem..").and(resideOutsideOfPackage(ROOT + "..")))
            .because("the broker builds on the store, never the other way round");

    @ArchTest
    static final ArchRule noSpringNorNetty = noClasses()
            .that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.netty..")
            .because("the store engine is a library with no framework underneath");
}
