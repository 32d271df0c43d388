package io.gridscope.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDetailsReaderTest {
    private static final String ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00998877665544332211";

    @Test
    void parsesTheRealUidFromStatus() {
        String status = "Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1001\t1000\t1000\n";
        assertThat(ProcessDetailsReader.parseUid(status)).hasValue(1000L);
        assertThat(ProcessDetailsReader.parseUid("Name:\tx\n")).isEmpty();
        assertThat(ProcessDetailsReader.parseUid("Uid:\t\n")).isEmpty();
        assertThat(ProcessDetailsReader.parseUid("Uid:\tx 1\n")).isEmpty();
    }

    @Test
    void parsesPasswdSkippingMalformedLines() {
        var users = ProcessDetailsReader.parsePasswd("root:x:0:0:root:/root:/bin/bash\n# comment\nbroken\n"
                + "alice:x:1000:1000::/home/alice:/bin/zsh\nbad:x:notanumber:0::/:/bin/false\n");
        assertThat(users)
                .containsEntry(0L, "root")
                .containsEntry(1000L, "alice")
                .hasSize(2);
    }

    @Test
    void joinsCmdlineArgumentsAndTreatsEmptyAsAbsent() {
        byte[] raw = "python3\0train.py\0--epochs\u00003\0".getBytes(StandardCharsets.UTF_8);
        assertThat(ProcessDetailsReader.parseCmdline(raw)).hasValue("python3 train.py --epochs 3");
        assertThat(ProcessDetailsReader.parseCmdline(new byte[0])).isEmpty();
    }

    @Test
    void prefersTheUnifiedCgroupAndFindsContainerIds() {
        assertThat(ProcessDetailsReader.parseCgroup("0::/system.slice/docker-" + ID + ".scope\n"))
                .hasValue("/system.slice/docker-" + ID + ".scope");
        assertThat(ProcessDetailsReader.containerId("/system.slice/docker-" + ID + ".scope"))
                .hasValue(ID);
        assertThat(ProcessDetailsReader.containerId("/kubepods/burstable/pod1234/" + ID))
                .hasValue(ID);
        assertThat(ProcessDetailsReader.containerId(
                        "/kubepods.slice/kubepods-pod12.slice/cri-containerd-" + ID + ".scope"))
                .hasValue(ID);
        assertThat(ProcessDetailsReader.containerId("/user.slice/user-1000.slice/session-2.scope"))
                .isEmpty();
        String v1 = "12:cpuset:/\n11:memory:/docker/" + ID + "\n1:name=systemd:/docker/" + ID + "\n";
        assertThat(ProcessDetailsReader.parseCgroup(v1)).hasValue("/docker/" + ID);
        assertThat(ProcessDetailsReader.parseCgroup("0::/\n")).as("root group").isEmpty();
    }

    @Test
    void readsAFakeProcTree(@TempDir Path dir) throws Exception {
        Path proc = dir.resolve("proc/4242");
        Files.createDirectories(proc);
        Files.writeString(proc.resolve("status"), "Name:\ttrain\nUid:\t1000\t1000\t1000\t1000\n");
        Files.write(proc.resolve("cmdline"), "python3\0train.py\0".getBytes(StandardCharsets.UTF_8));
        Files.writeString(proc.resolve("cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "alice:x:1000:1000::/home/alice:/bin/sh\n");
        ProcessDetailsReader reader = new ProcessDetailsReader(dir.resolve("proc"), passwd);
        ProcessDetailsReader.Details d = reader.read(4242);
        assertThat(d.user()).hasValue("alice");
        assertThat(d.commandLine()).hasValue("python3 train.py");
        assertThat(d.containerId()).hasValue(ID);
        assertThat(reader.read(1)).isEqualTo(ProcessDetailsReader.Details.NONE);
    }

    @Test
    void readsAreBounded(@TempDir Path dir) throws Exception {
        Path proc = dir.resolve("proc/7");
        Files.createDirectories(proc);
        Files.write(
                proc.resolve("cmdline"),
                "x".repeat(ProcessDetailsReader.MAX_READ_BYTES * 4).getBytes(StandardCharsets.US_ASCII));
        ProcessDetailsReader.Details d = new ProcessDetailsReader(dir.resolve("proc"), dir.resolve("none")).read(7);
        assertThat(d.commandLine()).hasValueSatisfying(c -> assertThat(c).hasSize(ProcessDetailsReader.MAX_READ_BYTES));
        assertThat(d.user()).isEmpty();
    }
}
