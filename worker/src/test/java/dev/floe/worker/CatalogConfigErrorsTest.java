package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog setting that cannot work is one {@code floe:} line and the right exit code. */
class CatalogConfigErrorsTest {
  private static final String SECRET = "secret-that-must-never-show";

  @TempDir Path temp;

  @Test
  void anUnreachableRestCatalogIsAStorageFailureNamingIt() {
    String catalog = "rest:http://127.0.0.1:" + ObjectStoreCatalog.freePort();
    FloeCli cli = new FloeCli(temp.resolve("data"), Map.of(
        "FLOE_CATALOG", catalog, "AWS_ACCESS_KEY_ID", "key", "AWS_SECRET_ACCESS_KEY", SECRET));

    String stderr = cli.run("models").assertFailedWith(ExitCode.STORAGE).stderr();

    assertThat(stderr).contains("Cannot open catalog " + catalog).contains("cannot connect").doesNotContain(SECRET);
    assertThat(cli.run("generate", "--users", "5", "--events", "10").assertFailedWith(ExitCode.STORAGE).stderr())
        .contains(catalog);
  }

  @Test
  void theCatalogFlagWinsOverTheEnvironment() {
    String catalog = "rest:http://127.0.0.1:" + ObjectStoreCatalog.freePort();
    FloeCli cli = new FloeCli(temp.resolve("data"), Map.of("FLOE_CATALOG", "jdbc:sqlite:" + temp.resolve("c.db")));

    assertThat(cli.run("--catalog", catalog, "models").assertFailedWith(ExitCode.STORAGE).stderr()).contains(catalog);
  }

  @Test
  void aMalformedCatalogOrWarehouseIsInvalidInput() {
    FloeCli cli = new FloeCli(temp.resolve("data"));

    assertThat(cli.run("--catalog", "thrift://metastore:9083", "models").assertFailedWith(ExitCode.INVALID_INPUT)
        .stderr()).contains("expected jdbc:sqlite:PATH or rest:http://HOST:PORT");
    assertThat(cli.run("--catalog", "rest:http://127.0.0.1:1", "--warehouse", "/tmp/x", "models")
        .assertFailedWith(ExitCode.INVALID_INPUT).stderr()).contains("expected s3://BUCKET/PREFIX");
  }

  @Test
  void aJdbcCatalogSettingIsTheEmbeddedCatalogAtThatPath() {
    FloeCli cli = new FloeCli(temp.resolve("data"), Map.of(
        "FLOE_CATALOG", "jdbc:sqlite:" + temp.resolve("elsewhere.db"),
        "FLOE_WAREHOUSE", temp.resolve("elsewhere-warehouse").toString()));

    cli.ok(FloeCli.generateSmall());

    assertThat(temp.resolve("elsewhere.db")).isRegularFile();
    assertThat(temp.resolve("elsewhere-warehouse")).isNotEmptyDirectory();
    assertThat(temp.resolve("data/catalog.db")).doesNotExist();
  }
}
