package dev.fanoutlab.system;

import java.nio.file.Path;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries between and inside the modules, checked on their compiled main classes
 * (each module's {@code target/classes}, which the reactor builds before this module).
 * The services share code only through {@code contracts}, {@code topology},
 * {@code service-defaults} and {@code messaging-support}, never with each other; inside a
 * service a type is public only when another package uses it; AWS stays out of the web
 * layer; every package is {@code @NullMarked}.
 */
class ArchitectureTests {

	private static final List<String> MODULES = List.of("contracts", "topology", "service-defaults",
			"messaging-support", "producer-service", "consumer-service", "notifier-service", "console");

	private static final String SERVICES = "dev.fanoutlab.(producer|consumer|notifier|console)..";

	/**
	 * Public although no other package's class file refers to it: CorrelationIdFilter for
	 * a constant another package uses in an annotation (the compiler inlines it); the
	 * console's Outcome as a component of the public Timeline.Entry record that the
	 * snapshot stream serializes.
	 */
	private static final List<String> PUBLIC_WITHOUT_A_VISIBLE_USE = List
		.of("dev.fanoutlab.producer.web.CorrelationIdFilter", "dev.fanoutlab.console.timeline.Outcome");

	private static JavaClasses classes;

	@BeforeAll
	static void importTheMainClassesOfEveryModule() {
		Path root = LabsIntegrationTests.root();
		Path[] folders = MODULES.stream()
			.map((module) -> root.resolve(module).resolve("target/classes"))
			.toArray(Path[]::new);
		for (Path folder : folders) {
			assertThat(folder).as("compiled classes (the reactor builds them first)").isDirectory();
		}
		classes = new ClassFileImporter().importPaths(folders);
	}

	@Test
	void servicesNeverDependOnEachOther() {
		slices().matching(SERVICES).namingSlices("$1").should().notDependOnEachOther().check(classes);
	}

	@Test
	void sharedModulesNeverDependOnAService() {
		noClasses().that()
			.resideInAnyPackage("dev.fanoutlab.contracts..", "dev.fanoutlab.topology..", "dev.fanoutlab.defaults..",
					"dev.fanoutlab.logging..", "dev.fanoutlab.tracing..", "dev.fanoutlab.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.fanoutlab.producer..", "dev.fanoutlab.consumer..", "dev.fanoutlab.notifier..",
					"dev.fanoutlab.console..")
			.check(classes);
	}

	@Test
	void mainCodeNeverDependsOnTestCode() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.fanoutlab.testsupport..", "dev.fanoutlab.system..", "dev.fanoutlab.deployment..")
			.check(classes);
	}

	@Test
	void aServiceTypeIsPublicOnlyWhenAnotherPackageUsesIt() {
		classes().that()
			.resideInAnyPackage(SERVICES)
			.and()
			.haveModifier(JavaModifier.PUBLIC)
			.and()
			.areTopLevelClasses()
			.and()
			.haveSimpleNameNotEndingWith("Application")
			.should(beUsedFromAnotherPackage())
			.check(classes);
	}

	@Test
	void controllersNeverTalkToAwsDirectly() {
		noClasses().that()
			.areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("software.amazon.awssdk..", "io.awspring..")
			.check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		List<String> unmarked = classes.stream()
			.map(JavaClass::getPackage)
			.distinct()
			.filter((javaPackage) -> javaPackage.getName().startsWith("dev.fanoutlab."))
			.filter((javaPackage) -> !javaPackage.isAnnotatedWith(NullMarked.class))
			.map(JavaPackage::getName)
			.sorted()
			.toList();
		assertThat(unmarked).as("packages without @NullMarked in package-info.java").isEmpty();
	}

	private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
		return new ArchCondition<>("be used from another package") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean usedElsewhere = PUBLIC_WITHOUT_A_VISIBLE_USE.contains(type.getName()) || type
					.getDirectDependenciesToSelf()
					.stream()
					.anyMatch((
							dependency) -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()));
				events.add(new SimpleConditionEvent(type, usedElsewhere, type.getName() + (usedElsewhere
						? " is used from another package" : " is public but only its own package uses it")));
			}
		};
	}

}
