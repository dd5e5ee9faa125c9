package dev.milvusalias.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.milvusalias.emulator.MilvusEmulator;
import dev.milvusalias.health.Leadership;
import dev.milvusalias.it.CallTimeline.Call;
import dev.milvusalias.it.ElectionRig.Replica;

/**
 * Two replicas electing a leader; the leader is killed in the middle of a switch storm of {@value #SIZE} aliases:
 * the standby takes the Lease once it expires and finishes the storm as if nothing happened (one AlterAlias per
 * alias, the old leader's unrecorded writes finished from their status.pendingChange), and at no point do two
 * replicas write to Milvus: every call of each replica is on one {@link CallTimeline}, and the new leader's first
 * write begins after the old leader's last one ended.
 * <p>
 * The replicas run in-process (they must share the timeline, which is what attributes each call); the kill cuts
 * the leader off both the API server and Milvus at one instant, its threads left running but unable to reach
 * anything, as a killed process's work is gone. The writes it had sent keep going: Milvus applies them a moment
 * later (the emulator holds the last ones for {@link #HOLD}, well within the lease duration).
 */
class LeaderKillIT {

    private static final String NS = "leader-kill-it";
    private static final int SIZE = 100;
    private static final int KILL_AT = SIZE / 2;
    private static final Duration HOLD = Duration.ofMillis(500);
    private static final Duration STEP = Duration.ofSeconds(60);

    @RegisterExtension
    final ScenarioReport report = new ScenarioReport("leader killed mid-storm",
            "the leader replica killed (cut off the API server and Milvus at once) after " + KILL_AT + " of " + SIZE
                    + " AlterAlias calls of a switch storm, while the other replica stands by",
            "the standby takes over and finishes: every alias at its collection, one AlterAlias per alias, no other "
                    + "write, one Switched event and previousCollectionName/lastSwitchTime each, no pendingChange; the "
                    + "new leader's first Milvus write begins after the old leader's last one ended");

    @Test
    void theStandbyFinishesTheStormAndTwoReplicasNeverWriteAtOnce() throws Exception {
        CallTimeline timeline = new CallTimeline();
        try (ElectionRig rig = ElectionRig.start(NS); MilvusEmulator milvus = MilvusEmulator.start();
                Replica a = rig.replica("replica-a", store -> timeline.store("replica-a", store))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().role() == Leadership.Role.leader);
            try (Replica b = rig.replica("replica-b", store -> timeline.store("replica-b", store))) {
                try {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> "replica-a".equals(b.leadership().currentLeader()));
                    SwitchStorm storm = new SwitchStorm(rig.admin(), NS, milvus, SIZE);
                    storm.declare();
                    storm.awaitBound(SwitchStorm.FROM, STEP);
                    assertThat(a.exits().get()).as("replica-a lost its lease before the storm").isZero();
                    assertThat(timeline.calls("replica-b")).as("the standby's Milvus calls").isEmpty();

                    storm.start();
                    AtomicLong killTick = new AtomicLong();
                    SwitchStorm.AtKill kill = storm.killMidway(KILL_AT, HOLD, () -> {
                        killTick.set(timeline.kill("replica-a"));
                        a.cutOff();
                    }, STEP);
                    long killed = System.nanoTime();
                    await().atMost(Duration.ofSeconds(20)).until(() -> b.leadership().role() == Leadership.Role.leader);
                    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                    storm.awaitEditsSent(STEP);
                    storm.awaitConverged(STEP);
                    Duration converged = Duration.ofNanos(System.nanoTime() - killed);
                    Instant end = Instant.now();

                    storm.assertConverged(kill, end);
                    assertThat(kill.pendingTook()).as("writes that took but were not recorded when A died")
                            .isPositive();
                    assertThat(rig.holder()).isEqualTo("replica-b");

                    List<Call> aCalls = timeline.calls("replica-a");
                    List<Call> bCalls = timeline.calls("replica-b");
                    assertThat(aCalls).as("A's calls begin before its kill").allMatch(c -> c.start() < killTick.get());
                    assertThat(bCalls).as("B's calls begin after A's kill: a standby calls nothing")
                            .allMatch(c -> c.start() > killTick.get());
                    List<Call> aWrites = aCalls.stream().filter(Call::write).toList();
                    List<Call> bWrites = bCalls.stream().filter(Call::write).toList();
                    Call lastOfA = aWrites.stream().max((x, y) -> Long.compare(x.end(), y.end())).orElseThrow();
                    Call firstOfB = bWrites.stream().min((x, y) -> Long.compare(x.start(), y.start())).orElseThrow();
                    assertThat(firstOfB.start()).as("B's first write begins after A's last write ended")
                            .isGreaterThan(lastOfA.end());
                    long aAlters = aWrites.stream().filter(c -> c.rpc().equals("AlterAlias")).count();
                    long bAlters = bWrites.stream().filter(c -> c.rpc().equals("AlterAlias")).count();
                    assertThat(milvus.count("AlterAlias")).as("Milvus saw exactly the AlterAlias calls on the timeline")
                            .isEqualTo(aAlters + bAlters);

                    kill.addTo(report).figure("B leads after the kill", takeover)
                            .figure("converged after the kill", converged)
                            .figure("storm total", Duration.between(storm.started(), end))
                            .figure("gap between A's last write and B's first", Duration.ofNanos(
                                    firstOfB.startNanos() - lastOfA.endNanos()))
                            .figure("AlterAlias by A / by B", aAlters + " / " + bAlters)
                            .figure("Milvus calls in the storm", SwitchStorm.counts(storm.rpcCounts()))
                            .figure("B's calls", SwitchStorm.counts(SwitchStorm.countBy(bCalls, Call::rpc)))
                            .figure("failed Milvus calls of B", bCalls.stream().filter(c -> !c.ok()).count())
                            .figure("AlterAlias re-sent", milvus.count("AlterAlias") - SIZE);
                } finally {
                    b.stop();
                }
            } finally {
                a.stop();
            }
        }
    }
}
