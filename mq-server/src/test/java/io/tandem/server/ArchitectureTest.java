package io.tandem.server;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The broker's package layout as rules: every package (the root included) is its own slice and no two slices
 * import each other in a circle; Spring stays in {@code io.tandem.server.boot}, so the broker core runs without it.
 */
@AnalyzeClasses(packages = "io.tandem.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.server";

    /** One slice per package under {@link #ROOT}, so a cycle between the root and a sub-package counts too. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals(ROOT) || name.startsWith(ROOT + ".")
                    ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "each package under " + ROOT;
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule springOnlyInBoot = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".boot..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the broker core runs without Spring; io.tandem.server.boot adapts it to Spring Boot");
}
