package org.estimator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package boundaries the README's architecture section describes, kept by the build. */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.estimator");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.estimator.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theErrorModelAndTextRulesDependOnNothingOfOurs() {
        classes().that().resideInAPackage("org.estimator.common..").should()
                .onlyDependOnClassesThat(
                        resideOutsideOfPackage("org.estimator..").or(resideInAPackage("org.estimator.common..")))
                .check(main);
    }

    @Test
    void theDatabaseLayerKnowsNoFeature() {
        classes().that().resideInAPackage("org.estimator.db..").should()
                .onlyDependOnClassesThat(
                        resideOutsideOfPackage("org.estimator..").or(resideInAPackage("org.estimator.db.."))
                                .or(resideInAPackage("org.estimator.config..")))
                .check(main);
    }

    @Test
    void theSettingsDependOnNothingOfOurs() {
        classes().that().resideInAPackage("org.estimator.config..").should()
                .onlyDependOnClassesThat(
                        resideOutsideOfPackage("org.estimator..").or(resideInAPackage("org.estimator.config..")))
                .check(main);
    }

    @Test
    void cardsAreReadInTheEstimatePackageOnly() {
        // Nothing depends on estimate/: the only way out of it for a card is the review it computes.
        noClasses().that().resideOutsideOfPackage("org.estimator.estimate..").should().dependOnClassesThat()
                .resideInAPackage("org.estimator.estimate..").check(main);
    }

    @Test
    void servicesAndStoresDoNotKnowPagesOrHttp() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Store")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Page")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Pages")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Resource")
                .orShould().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .check(main);
    }

    @Test
    void storesArePackagePrivateAndTheOnlyPlaceOfSql() {
        classes().that().haveSimpleNameEndingWith("Store").should().notHaveModifier(JavaModifier.PUBLIC).check(main);
        noClasses().that().haveSimpleNameEndingWith("Resource").or().haveSimpleNameEndingWith("Page")
                .or().haveSimpleNameEndingWith("Pages").should().dependOnClassesThat().resideInAPackage("org.jooq..")
                .check(main);
    }

    @Test
    void resourcesAndPagesArePackagePrivate() {
        // Quarkus REST reaches them anyway; nothing else has to.
        classes().that().areAnnotatedWith(jakarta.ws.rs.Path.class).should().notHaveModifier(JavaModifier.PUBLIC)
                .check(main);
    }

    @Test
    void noHibernate() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..")
                .check(main);
    }
}
