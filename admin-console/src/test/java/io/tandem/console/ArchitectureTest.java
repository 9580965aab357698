package io.tandem.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tandem.testing.PackageSlices;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The console's package layout as a rule: every package (the root included) is its own slice and no two
 * slices import each other in a circle. The root holds only the auto-configuration that builds everything.
 */
@AnalyzeClasses(packages = "io.tandem.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.tandem.console";

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(PackageSlices.under(ROOT))
            .should().beFreeOfCycles();
}
