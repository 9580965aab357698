package io.tandem.client;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

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
