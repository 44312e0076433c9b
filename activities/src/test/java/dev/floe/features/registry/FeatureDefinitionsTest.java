package dev.floe.features.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureDefinitionsTest {
  /** The repository's own definitions, as shipped. */
  static final Path SHIPPED = Path.of("..", "features");

  private static final String VALID =
      """
      {"name": "spending_sum_7d", "entity": "user_id", "source": "raw_events",
       "aggregation": "sum", "column": "amount", "window_days": 7, "type": "decimal(15,2)",
       "description": "Total spend over 7 days.", "owner": "fraud-team", "ttl": "2d"}
      """;

  @TempDir Path folder;

  @Test
  void shippedDefinitionsAreTheFraudTeamsFeatures() {
    List<FeatureDefinition> definitions = FeatureDefinitions.load(SHIPPED);

    assertThat(definitions)
        .extracting(FeatureDefinition::name)
        .containsExactlyInAnyOrder(
            "spending_mean_1d", "spending_mean_7d", "spending_mean_30d",
            "spending_sum_1d", "spending_sum_7d", "spending_sum_30d",
            "transaction_count_1d", "transaction_count_7d", "transaction_count_30d",
            "spending_max_1d", "spending_max_7d", "spending_max_30d",
            "distinct_vendors_7d", "days_since_first_transaction");
    FeatureDefinition builtIn =
        definitions.stream().filter(d -> d.name().equals("spending_mean_7d")).findFirst().orElseThrow();
    assertThat(builtIn.aggregation()).isEqualTo(Aggregation.MEAN);
    assertThat(builtIn.column()).isEqualTo("amount");
    assertThat(builtIn.windowDays()).isEqualTo(7);
    assertThat(builtIn.type()).isEqualTo(Types.DecimalType.of(15, 2));
  }

  @Test
  void parsesEveryField() {
    FeatureDefinition definition = FeatureDefinitions.parse("f.json", VALID);

    assertThat(definition.name()).isEqualTo("spending_sum_7d");
    assertThat(definition.aggregation()).isEqualTo(Aggregation.SUM);
    assertThat(definition.ttl()).isEqualTo(Duration.ofDays(2));
    assertThat(definition.dataType()).isEqualTo("decimal(15, 2)");
    assertThat(definition.file()).isEqualTo("f.json");
  }

  @Test
  void metadataChangesTheVersionHashButNotTheComputation() {
    FeatureDefinition original = FeatureDefinitions.parse("f.json", VALID);
    FeatureDefinition reworded =
        FeatureDefinitions.parse("g.json", VALID.replace("Total spend", "Sum of spend"));
    FeatureDefinition rewindowed =
        FeatureDefinitions.parse("f.json", VALID.replace("\"window_days\": 7", "\"window_days\": 8"));

    assertThat(reworded.computation()).isEqualTo(original.computation());
    assertThat(reworded.sha256()).isNotEqualTo(original.sha256());
    assertThat(rewindowed.computation()).isNotEqualTo(original.computation());
    assertThat(FeatureDefinitions.parse("other.json", VALID).sha256()).isEqualTo(original.sha256());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "unknown column         | \"column\": \"amount\"          | \"column\": \"amt\"           | field 'column': unknown column 'amt' of raw_events; its columns are id, user_id, amount, vendor_id, event_timestamp",
        "non-money column       | \"column\": \"amount\"          | \"column\": \"vendor_id\"     | field 'column': sum needs an amount (a decimal column), but vendor_id is long",
        "zero window            | \"window_days\": 7              | \"window_days\": 0            | field 'window_days': must be a whole number of days from 1 to 365, got 0",
        "fractional window      | \"window_days\": 7              | \"window_days\": 1.5          | field 'window_days': must be a whole number of days from 1 to 365, got 1.5",
        "window too long        | \"window_days\": 7              | \"window_days\": 366          | field 'window_days': must be a whole number of days from 1 to 365, got 366",
        "window as text         | \"window_days\": 7              | \"window_days\": \"7\"        | field 'window_days': must be a whole number of days from 1 to 365, got \"7\"",
        "unknown aggregation    | \"aggregation\": \"sum\"        | \"aggregation\": \"median\"   | field 'aggregation': unknown aggregation 'median'; expected one of sum, mean, count, max, min, count_distinct, days_since_first",
        "wrong type             | \"type\": \"decimal(15,2)\"     | \"type\": \"long\"            | field 'type': sum produces decimal(15, 2), not long",
        "unknown type           | \"type\": \"decimal(15,2)\"     | \"type\": \"money\"           | field 'type': unknown type 'money'",
        "unknown entity         | \"entity\": \"user_id\"         | \"entity\": \"card_id\"       | field 'entity': unknown entity 'card_id'; features are per user_id",
        "unknown source         | \"source\": \"raw_events\"      | \"source\": \"payments\"      | field 'source': unknown source table 'payments'; features are computed from raw_events",
        "bad name               | \"name\": \"spending_sum_7d\"   | \"name\": \"Sum 7d\"          | field 'name': 'Sum 7d' is not a column name",
        "key column as name     | \"name\": \"spending_sum_7d\"   | \"name\": \"dt\"              | field 'name': 'dt' is a key column of user_features",
        "blank owner            | \"owner\": \"fraud-team\"       | \"owner\": \" \"              | field 'owner': must be a non-empty string",
        "bad ttl                | \"ttl\": \"2d\"                 | \"ttl\": \"soon\"             | field 'ttl': 'soon' is not a duration",
        "unknown field          | \"ttl\": \"2d\"                 | \"ttl\": \"2d\", \"tll\": 1   | field 'tll': unknown field",
        "custom sql             | \"ttl\": \"2d\"                 | \"ttl\": \"2d\", \"sql\": \"x.sql\" | field 'sql': custom SQL features are not supported yet",
        "missing description    | \"description\": \"Total spend over 7 days.\", | `` | field 'description': missing",
      })
  void rejectsABadDefinitionNamingFileAndField(String problem, String from, String to, String message) {
    String text = VALID.replace(from.strip(), to.strip());
    assertThat(text).as("the case must change the definition").isNotEqualTo(VALID);

    assertThatThrownBy(() -> FeatureDefinitions.parse("features/bad.json", text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("features/bad.json: " + message.strip());
  }

  @Test
  void rejectsAWindowOnDaysSinceFirstAndAColumnOnCount() {
    String daysSince =
        VALID.replace("\"aggregation\": \"sum\", \"column\": \"amount\",", "\"aggregation\": \"days_since_first\",")
            .replace("decimal(15,2)", "long");
    String count = VALID.replace("\"sum\"", "\"count\"").replace("decimal(15,2)", "long");

    assertThatThrownBy(() -> FeatureDefinitions.parse("a.json", daysSince))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a.json: field 'window_days': days_since_first takes no window");
    assertThatThrownBy(() -> FeatureDefinitions.parse("b.json", count))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "b.json: field 'column': count is computed from the events themselves and takes no column");
  }

  @Test
  void rejectsMalformedJsonAndDuplicateKeys() {
    assertThatThrownBy(() -> FeatureDefinitions.parse("a.json", "{\"name\": "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("a.json: not valid JSON: ");
    assertThatThrownBy(() -> FeatureDefinitions.parse("a.json", "[1]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("a.json: a feature definition must be one JSON object");
    assertThatThrownBy(
            () -> FeatureDefinitions.parse("a.json", VALID.replace("{", "{\"owner\": \"x\", ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.json: not valid JSON: Duplicate field 'owner'");
  }

  @Test
  void rejectsADuplicateNameAcrossFiles() throws IOException {
    Files.writeString(folder.resolve("a.json"), VALID);
    Files.writeString(folder.resolve("b.json"), VALID.replace("Total spend", "Also spend"));

    assertThatThrownBy(() -> FeatureDefinitions.load(folder))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            folder.resolve("b.json")
                + ": field 'name': feature 'spending_sum_7d' is also defined in "
                + folder.resolve("a.json"));
  }

  @Test
  void rejectsAMissingOrEmptyFolder() {
    assertThatThrownBy(() -> FeatureDefinitions.load(folder.resolve("nope")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No such feature definition folder: " + folder.resolve("nope"));
    assertThatThrownBy(() -> FeatureDefinitions.load(folder))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Feature definition folder " + folder + " holds no definitions (*.json files)");
  }
}
