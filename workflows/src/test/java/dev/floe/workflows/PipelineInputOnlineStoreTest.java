package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The optional online_store of a pipeline input: only Redis URIs, and it adds the materialize step. */
class PipelineInputOnlineStoreTest {
  private static PipelineInput parse(String json) throws Exception {
    return FloeJson.mapper().readValue(json, PipelineInput.class);
  }

  @Test
  void absentMeansNoMaterializeStep() throws Exception {
    PipelineInput input = parse("{\"users\": 10}");

    assertThat(input.onlineStore()).isNull();
    assertThat(input.steps()).doesNotContain(PipelineStep.MATERIALIZE);
    assertThat(input.problems()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://127.0.0.1:6379", "rediss://cache.example:6380/0", " REDIS://localhost "})
  void aRedisUriAddsMaterializeAfterRegister(String uri) throws Exception {
    PipelineInput input = parse("{\"online_store\": \"" + uri + "\"}");

    assertThat(input.problems()).isEmpty();
    assertThat(input.steps()).endsWith(PipelineStep.REGISTER, PipelineStep.MATERIALIZE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "memcached://host:1", "redis://", "redis://:6379", "redis:// host"})
  void anythingElseIsAProblemNamingTheField(String value) throws Exception {
    PipelineInput input = parse("{\"online_store\": \"" + value + "\"}");

    assertThat(input.problems()).containsOnlyKeys("online_store");
    assertThat(input.problems().get("online_store")).contains("redis://").contains(value.strip());
  }

  @Test
  void inputsWithoutTheFieldStillReadAsBefore() throws Exception {
    PipelineInput old = new PipelineInput("existing", null, null, null, null, null, null, null, null, null, null, null, null, null);

    assertThat(old.onlineStore()).isNull();
    assertThat(old).isEqualTo(parse("{\"source\": \"existing\"}"));
  }
}
