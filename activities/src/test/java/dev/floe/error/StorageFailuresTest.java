package dev.floe.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class StorageFailuresTest {
  @Test
  void aLockedSqliteCatalogIsAStorageFailureThatSaysSo() {
    UncheckedSQLException locked = new UncheckedSQLException(
        new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)"),
        "Cannot initialize JDBC catalog");

    FloeException recognised = StorageFailures.recognise(locked).orElseThrow();

    assertThat(recognised).isInstanceOf(StorageException.class).hasCause(locked);
    assertThat(recognised.getMessage()).contains("catalog database is locked by another process");
  }

  @Test
  void aFullDiskAnywhereInTheCausesIsAStorageFailureNamingIt() {
    RuntimeIOException manifest = new RuntimeIOException(
        new IOException("No space left on device"), "Failed to create manifest writer for path: %s", "/d/m0.avro");
    UncheckedSQLException catalog = new UncheckedSQLException(
        new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"),
        "Unknown failure");

    assertThat(StorageFailures.recognise(manifest).orElseThrow().getMessage())
        .startsWith("No space left on device (Failed to create manifest writer for path: /d/m0.avro")
        .endsWith("free space and retry");
    assertThat(StorageFailures.recognise(catalog).orElseThrow().getMessage()).startsWith("No space left on device");
  }

  @Test
  void otherIoFailuresAreStorageFailuresAndFloesOwnExceptionsStayAsTheyAre() {
    NotFoundException notFound = new NotFoundException("Unknown model v1");
    UncheckedIOException io = new UncheckedIOException("Cannot delete /d/f", new IOException("Permission denied"));

    assertThat(StorageFailures.recognise(notFound)).containsSame(notFound);
    assertThat(StorageFailures.recognise(io).orElseThrow())
        .isInstanceOf(StorageException.class)
        .hasMessage("Storage failed: Cannot delete /d/f: Permission denied");
  }

  @Test
  void aCatalogServerFailureIsToldInTheServersWordsWithoutExceptionNames() {
    ServiceFailureException noBucket = new ServiceFailureException(
        "Server error: %s: %s", "NoSuchBucketException", "The specified bucket does not exist.");

    assertThat(StorageFailures.recognise(noBucket).orElseThrow().getMessage())
        .isEqualTo("Storage failure: the catalog server failed (NoSuchBucket: The specified bucket does not exist.)");
  }

  @Test
  void noCredentialsAnywhereIsToldInOneShortSentenceNotTheSdksListOfProviders() {
    SdkClientException none = SdkClientException.create(
        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
            + "credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider()])");

    assertThat(StorageFailures.recognise(new UncheckedIOException(new IOException(none))).orElseThrow().getMessage())
        .isEqualTo("Storage failure: no S3 credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
            + " or a profile or instance role for the AWS SDK's default chain)");
  }

  @Test
  void aBugIsNotRecognised() {
    assertThat(StorageFailures.recognise(new IllegalStateException("invariant broken"))).isEmpty();
  }
}
