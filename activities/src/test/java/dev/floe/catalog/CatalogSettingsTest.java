package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogSettings.S3Credentials;
import dev.floe.error.InvalidInputException;
import dev.floe.error.StorageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSettingsTest {
  private static final S3Credentials CREDENTIALS =
      S3Credentials.fromEnvironment(
          Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t", "AWS_SESSION_TOKEN", "t0ken"));

  @Test
  void credentialsNeverAppearInTheTextOfTheSettings() {
    CatalogSettings settings =
        new CatalogSettings("rest:http://127.0.0.1:8181", "s3://bucket/wh", "http://127.0.0.1:9000", null, true, CREDENTIALS);

    assertThat(settings.toString() + settings.describe())
        .doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t").doesNotContain("t0ken");
    assertThat(settings.s3Properties())
        .containsEntry("s3.access-key-id", "AKIAEXAMPLE")
        .containsEntry("s3.secret-access-key", "s3cr3t")
        .containsEntry("s3.session-token", "t0ken")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
        .containsEntry("s3.path-style-access", "true")
        .containsEntry("client.region", CatalogSettings.DEFAULT_REGION);
    assertThat(settings.restUri()).isEqualTo("http://127.0.0.1:8181");
  }

  @Test
  void withoutCredentialsTheSdkChainDecides() {
    CatalogSettings settings =
        new CatalogSettings("rest:https://catalog.example:443/api", null, null, "eu-west-1", false, S3Credentials.NONE);

    assertThat(settings.s3Properties())
        .doesNotContainKeys("s3.access-key-id", "s3.secret-access-key", "s3.endpoint", "s3.path-style-access")
        .containsEntry("client.region", "eu-west-1");
  }

  @Test
  void halfAKeyPairIsAStorageFailureNamingTheMissingVariableNeverTheValue(@TempDir Path temp) {
    CatalogSettings keyOnly = new CatalogSettings("rest:http://127.0.0.1:1", null, null, null, true,
        S3Credentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")));
    CatalogSettings secretOnly = new CatalogSettings("rest:http://127.0.0.1:1", null, null, null, true,
        S3Credentials.fromEnvironment(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t")));

    assertThatThrownBy(() -> FloeCatalog.open(temp, keyOnly))
        .isInstanceOf(StorageException.class)
        .hasMessage("Cannot open catalog rest:http://127.0.0.1:1: AWS_ACCESS_KEY_ID is set but"
            + " AWS_SECRET_ACCESS_KEY is not; set both, or neither to use the AWS SDK's default credentials");
    assertThatThrownBy(() -> FloeCatalog.open(temp, secretOnly))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void settingsThatCannotWorkAreRefusedWithWhatIsExpected() {
    assertThatThrownBy(() -> new CatalogSettings("hive://x", null, null, null, false, S3Credentials.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("jdbc:sqlite:PATH or rest:http://HOST:PORT");
    assertThatThrownBy(() -> new CatalogSettings("rest:ftp://x", null, null, null, false, S3Credentials.NONE))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new CatalogSettings("rest:http://x:1", "file:/tmp/wh", null, null, false, S3Credentials.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s3://BUCKET/PREFIX");
    assertThatThrownBy(() -> new CatalogSettings(null, null, "minio:9000", null, false, S3Credentials.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("S3 endpoint");
  }

  @Test
  void theEmbeddedDefaultIsNotRest() {
    assertThat(CatalogSettings.embedded().isRest()).isFalse();
    assertThat(new CatalogSettings("jdbc:sqlite:/tmp/c.db", null, null, null, false, S3Credentials.NONE).isRest())
        .isFalse();
  }
}
