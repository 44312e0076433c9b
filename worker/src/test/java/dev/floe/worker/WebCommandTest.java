package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebCommandTest {
  @TempDir Path temp;

  @Test
  void bindingOffLoopbackWithoutATokenRefusesToStartAndSaysWhatToSet() {
    FloeCli.Run run = new FloeCli(temp.resolve("data")).run("web", "--bind", "0.0.0.0", "--port", "0");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("0.0.0.0").contains("FLOE_WEB_TOKEN");
    assertThat(Files.exists(temp.resolve("data"))).isFalse();
  }

  @Test
  void anInvalidPortIsABadInput() {
    FloeCli.Run run = new FloeCli(temp.resolve("data"), Map.of("FLOE_WEB_TOKEN", "secret"))
        .run("web", "--port", "70000");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.stderr()).contains("70000");
  }

  @Test
  void anOnlineStoreThatIsNotRedisIsABadInputBeforeAnythingStarts() {
    FloeCli.Run run = new FloeCli(temp.resolve("data")).run("web", "--port", "0", "--online-store", "memcached://x");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(run.stderr()).contains("memcached://x").contains("not 'embedded' or a redis:// URI");
    assertThat(Files.exists(temp.resolve("data"))).isFalse();
  }
}
