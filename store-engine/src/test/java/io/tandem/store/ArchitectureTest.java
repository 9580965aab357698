package io.tandem.store;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The store engine stands alone: it imports no other Tandem module, and neither Spring nor Netty, so it can be
 * embedded and benchmarked on its own.
 */
@AnalyzeClasses(packages = "io.tandem.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.store";

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
