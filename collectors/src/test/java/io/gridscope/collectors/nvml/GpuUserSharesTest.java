package io.gridscope.collectors.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.gridscope.collectors.nvml.GpuUserShares.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GpuUserSharesTest {
    private static final String GPU = "GPU-0";
    private static final String C1 = "a".repeat(64);
    private static final String C2 = "b".repeat(64);
    private static long nextPid = 100;

    private static GpuProcess process(String user, String container, Double sm) {
        return new GpuProcess(
                GPU,
                Optional.empty(),
                nextPid++,
                GpuProcess.Kind.COMPUTE,
                OptionalLong.empty(),
                sm == null ? OptionalDouble.empty() : OptionalDouble.of(sm),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.ofNullable(user),
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(container));
    }

    @Test
    void aUsersProcessesInOneContainerAddUpAndEachContainerIsItsOwnShare() {
        List<Share> shares = GpuUserShares.of(
                List.of(
                        process("alice", C1, 0.30),
                        process("bob", null, 0.25),
                        process("alice", C1, 0.10),
                        process("alice", C2, 0.05),
                        process("alice", null, 0.02)),
                8);
        assertThat(shares)
                .extracting(Share::user, Share::container)
                .containsExactly(tuple("alice", C1), tuple("bob", ""), tuple("alice", C2), tuple("alice", ""));
        assertThat(shares.getFirst().smRatio()).isCloseTo(0.40, within(1e-12));
        assertThat(shares.get(1).smRatio()).isEqualTo(0.25);
    }

    @Test
    void aProcessWhoseOwnerIsNotKnownCountsAsUnknown() {
        assertThat(GpuUserShares.of(List.of(process(null, null, 0.5), process(null, C1, 0.1)), 8))
                .extracting(Share::user, Share::container, Share::smRatio)
                .containsExactly(tuple("unknown", "", 0.5), tuple("unknown", C1, 0.1));
    }

    @Test
    void processesWithoutASampleAreLeftOutAndNoSampleAtAllGivesNoShare() {
        assertThat(GpuUserShares.of(List.of(process("alice", null, null), process("bob", null, null)), 8))
                .as("NVML said nothing about who used the GPU")
                .isEmpty();
        assertThat(GpuUserShares.of(List.of(), 8)).isEmpty();
        assertThat(GpuUserShares.of(List.of(process("alice", null, null), process("bob", null, 0.0)), 8))
                .as("a sampled 0 is a measured share")
                .containsExactly(new Share("bob", "", 0.0));
    }

    @Test
    void beyondTheLimitTheSmallestSharesAreSummedAsOther() {
        List<GpuProcess> processes = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            processes.add(process("u" + i, null, i / 100.0));
        }
        List<Share> shares = GpuUserShares.of(processes, 8);
        assertThat(shares).hasSize(9);
        assertThat(shares.subList(0, 8))
                .extracting(Share::user)
                .containsExactly("u12", "u11", "u10", "u9", "u8", "u7", "u6", "u5");
        Share other = shares.getLast();
        assertThat(other.user()).isEqualTo("other");
        assertThat(other.container()).isEmpty();
        assertThat(other.smRatio()).as("u1..u4").isCloseTo(0.10, within(1e-12));
        double total = shares.stream().mapToDouble(Share::smRatio).sum();
        assertThat(total).as("nothing lost by folding").isCloseTo(0.78, within(1e-12));
    }

    @Test
    void atTheLimitThereIsNoOther() {
        assertThat(GpuUserShares.of(List.of(process("a", null, 0.2), process("b", null, 0.1)), 2))
                .extracting(Share::user)
                .containsExactly("a", "b");
    }

    @Test
    void aUserNamedOtherIsPartOfTheOtherShareNeverASecondSeries() {
        List<Share> shares = GpuUserShares.of(
                List.of(process("other", null, 0.5), process("a", null, 0.2), process("b", null, 0.1)), 1);
        assertThat(shares)
                .extracting(Share::user, Share::container)
                .containsExactly(tuple("a", ""), tuple("other", ""));
        assertThat(shares.getLast().smRatio()).isCloseTo(0.6, within(1e-12));
        assertThat(GpuUserShares.of(List.of(process("other", null, 0.5)), 8))
                .containsExactly(new Share("other", "", 0.5));
    }

    @Test
    void tiesAreOrderedByUserThenContainer() {
        List<Share> shares =
                GpuUserShares.of(List.of(process("b", null, 0.2), process("a", C2, 0.2), process("a", C1, 0.2)), 2);
        assertThat(shares)
                .extracting(Share::user, Share::container)
                .containsExactly(tuple("a", C1), tuple("a", C2), tuple("other", ""));
    }

    @Test
    void aShareIsAtMostOne() {
        assertThat(GpuUserShares.of(List.of(process("a", null, 0.8), process("a", null, 0.7)), 8))
                .containsExactly(new Share("a", "", 1.0));
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> GpuUserShares.of(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
