package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install --dry-run=client}: the release installs client-side and NOTES.txt tells the
 * user what was installed, where it watches and where its AWS identity comes from.
 */
class InstallNotesTest {

  @Test
  void notesNameTheWatchedNamespacesAndTheRolloutToCheck() {
    String notes = installDryRun(RepositoryFiles.testResource("values/namespaced.yaml"));

    assertThat(notes)
        .contains("It reconciles DataPipelines in: tenant-a, tenant-b.")
        .contains(
            "kubectl -n "
                + ChartRenderer.NAMESPACE
                + " rollout status deployment/"
                + ChartRenderer.RELEASE)
        .contains("set serviceAccount.annotations.\"eks.amazonaws.com/role-arn\" for IRSA");
  }

  @Test
  void notesShowTheIrsaRoleAndHowToUpgradeTheCrd() {
    String notes = installDryRun(RepositoryFiles.testResource("values/irsa.yaml"));

    assertThat(notes)
        .contains("It reconciles DataPipelines in every namespace.")
        .contains("(IRSA role arn:aws:iam::111122223333:role/datapipeline-operator)")
        .contains("helm show crds <chart> --version <version> | kubectl apply --server-side -f -");
  }

  private static String installDryRun(Path values) {
    Release release =
        new Helm(RepositoryFiles.chart())
            .install()
            .withName(ChartRenderer.RELEASE)
            .withNamespace(ChartRenderer.NAMESPACE)
            .clientOnly()
            .withDryRunOption(DryRun.CLIENT)
            .withValuesFile(values)
            .call();
    assertThat(release.getStatus()).isEqualTo("pending-install");
    return release.getOutput();
  }
}
