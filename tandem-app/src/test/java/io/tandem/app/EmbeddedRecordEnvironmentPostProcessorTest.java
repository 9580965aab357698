package io.tandem.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRecordEnvironmentPostProcessorTest {

    private final MockEnvironment environment = new MockEnvironment();

    @Test
    void shouldKeepTheRecordInAnH2FileUnderTheDefaultDataDirectory() {
        postProcess();

        String expected = Path.of("data").toAbsolutePath().resolve("coordinator").resolve("record").toString();
        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:h2:file:" + expected + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void shouldFollowADataDirectoryConfiguredAfterTheEnvironmentWasPrepared() {
        postProcess();
        environment.getPropertySources().addFirst(new MapPropertySource("late",
                Map.of("tandem.broker.data-directory", "/srv/tandem/../tandem-data")));

        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:h2:file:/srv/tandem-data/coordinator/record;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void shouldLeaveAConfiguredDataSourceAlone() {
        environment.setProperty("spring.datasource.url", "jdbc:postgresql://db:5432/tandem");

        postProcess();

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/tandem");
    }

    @Test
    void shouldRefuseToStartInProductionWithoutAConfiguredDataSource() {
        environment.setActiveProfiles("production");

        assertThatThrownBy(this::postProcess)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPRING_DATASOURCE_URL");
    }

    @Test
    void shouldAddNoH2DefaultInProduction() {
        environment.setActiveProfiles("production");
        environment.setProperty("spring.datasource.url", "jdbc:postgresql://db:5432/tandem");

        postProcess();

        assertThat(environment.getPropertySources().contains(EmbeddedRecordEnvironmentPostProcessor.PROPERTY_SOURCE))
                .isFalse();
    }

    private void postProcess() {
        new EmbeddedRecordEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    }
}
