package io.tandem.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The slices every module's {@code ArchitectureTest} checks for cycles: one per package under a module's root
 * package, the root included, so that a cycle between the root and a sub-package counts too.
 */
public final class PackageSlices {

    private PackageSlices() {
    }

    /** One slice per package under {@code root} (and {@code root} itself); classes elsewhere are ignored. */
    public static SliceAssignment under(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(root) || name.startsWith(root + ".")
                        ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package under " + root;
            }
        };
    }
}
