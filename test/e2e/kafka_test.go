// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

const kafkaTopic = "flows"

// kafkaTiers are the two tiers of docs/scale-out.md as two processes: the collect tier
// (distribution/otel-collect-kafka.yaml) and the index tier (distribution/otel-kafka-elasticsearch.yaml,
// in index, with the test Elasticsearch, GeoIP database and DNS server), and the port of a Kafka
// broker that the test starts and stops.
type kafkaTiers struct {
	index          *esPipeline
	collect        *collector
	collectMetrics int
	kafkaPort      int
}

// startCollectTier starts the collect tier on index.ipfixAddr (the index tier listens on no UDP
// port) with its own state directory, health check and metrics port.
func (k *kafkaTiers) startCollectTier(t *testing.T) {
	t.Helper()
	cfg, err := os.ReadFile("../../distribution/otel-collect-kafka.yaml")
	if err != nil {
		t.Fatal(err)
	}
	health := testutil.FreeTCPPort(t)
	k.collectMetrics = testutil.FreeTCPPort(t)
	k.collect = startCollectorEnv(t, []string{
		"OTELCOL_FLOWS_STATE_DIR=" + filepath.Join(t.TempDir(), "collect-state"),
		"OTELCOL_FLOWS_HEALTH_ENDPOINT=127.0.0.1:" + strconv.Itoa(health),
		"OTELCOL_FLOWS_METRICS_PORT=" + strconv.Itoa(k.collectMetrics),
		"OTELCOL_FLOWS_SFLOW_ENDPOINT=127.0.0.1:" + strconv.Itoa(testutil.FreeUDPPort(t)),
	}, string(cfg), health)
}

// startKafka starts an in-process broker (franz-go's kfake, the real Kafka protocol) on the
// tiers' Kafka port, with the topic created with four partitions.
func (k *kafkaTiers) startKafka(t *testing.T) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.Ports(k.kafkaPort), kfake.SeedTopics(4, kafkaTopic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// collectMetric is a Prometheus counter or gauge of the collect tier.
func (k *kafkaTiers) collectMetric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	return metricSum(t, k.collectMetrics, name, labels...)
}

// waitCollectMetric polls a collect-tier metric until it equals want.
func (k *kafkaTiers) waitCollectMetric(t *testing.T, want float64, timeout time.Duration, name string, labels ...string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := k.collectMetric(t, name, labels...)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("collect tier: %s%v = %v after %s, want %v\n%s", name, labels, got, timeout, want, k.collect.Output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestKafkaTiers: softflowd -> collect tier -> Kafka -> index tier -> Elasticsearch, with Kafka
// down at first and the index tier killed (SIGKILL) mid-stream later.
//
//  1. Kafka is down: the collect tier holds softflowd's flows in its queue, counted by
//     otelcol_exporter_queue_size, nothing refused or lost.
//  2. Kafka comes up and the index tier starts: every flow is indexed exactly once, enriched
//     (protocol names, GeoIP, reverse DNS) by the index tier.
//  3. A steady stream of flows; the index tier is killed with SIGKILL while they are being indexed
//     and started again: it reads again what it had not committed, and every flow is in the index
//     exactly once (ecsdocument's document id turns the re-delivery into 409 conflicts).
func TestKafkaTiers(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	k := &kafkaTiers{kafkaPort: testutil.FreeTCPPort(t)}
	t.Setenv("OTELCOL_FLOWS_KAFKA_BROKERS", "[127.0.0.1:"+strconv.Itoa(k.kafkaPort)+"]")
	t.Setenv("OTELCOL_FLOWS_KAFKA_TOPIC", kafkaTopic)
	// The index tier commits no offset before it is killed: every message it had read is read
	// again after the restart, the worst case of a consumer restart before commit.
	t.Setenv("OTELCOL_FLOWS_KAFKA_COMMIT_INTERVAL", "1h")
	k.index = newESPipeline(t, "otel-kafka-elasticsearch.yaml")
	k.startCollectTier(t)

	// 1. Kafka down.
	var convs []flowpcaptest.Flow
	for i := range 20 {
		convs = append(convs, conversations(i)...)
	}
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, convs, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	flowpcaptest.Replay(t, pcap, k.index.ipfixAddr, 10)
	// softflowd's options record (its system init time) is a record too: the queue must hold every
	// record the receivers accepted, at least the flows.
	var accepted float64
	waitFor(t, 30*time.Second, func() bool {
		accepted = k.collectMetric(t, "otelcol_receiver_accepted_log_records")
		return accepted >= float64(len(flows)) && k.collectMetric(t, "otelcol_exporter_queue_size", `exporter="kafka"`) == accepted
	}, "the collect tier's queue holding every accepted record")
	if t.Failed() {
		t.Fatalf("accepted %v, queued %v, want >= %d\n%s", accepted, k.collectMetric(t, "otelcol_exporter_queue_size", `exporter="kafka"`), len(flows), k.collect.Output())
	}
	for _, m := range []string{"otelcol_exporter_enqueue_failed_log_records", "otelcol_exporter_send_failed_log_records",
		"otelcol_receiver_refused_log_records", "otelcol_receiver_ipfix_records_lost"} {
		if v := k.collectMetric(t, m); v != 0 {
			t.Errorf("collect tier, Kafka down: %s = %v, want 0", m, v)
		}
	}
	if v := k.collectMetric(t, "otelcol_exporter_sent_log_records", `exporter="kafka"`); v != 0 {
		t.Errorf("collect tier, Kafka down: %v records counted as sent", v)
	}

	// 2. Kafka up, index tier started.
	k.startKafka(t)
	k.index.restart(t)
	k.waitCollectMetric(t, accepted, 60*time.Second, "otelcol_exporter_sent_log_records", `exporter="kafka"`)
	k.waitCollectMetric(t, 0, 10*time.Second, "otelcol_exporter_queue_size", `exporter="kafka"`)
	k.index.waitDocs(t, len(flows), 60*time.Second)
	byKey := map[string]int{}
	for _, idx := range k.index.es.Indices() {
		for _, d := range k.index.es.Docs(idx) {
			if d.Source["netflow.type"] == "netflow_flow" {
				byKey[docKey(t, d.Source)]++
			}
		}
	}
	for _, f := range flows {
		if byKey[f.Key()] != 1 {
			t.Errorf("flow %s indexed %d times, want once", f.Key(), byKey[f.Key()])
		}
	}
	if len(byKey) != len(flows) {
		t.Errorf("%d distinct flows indexed, want %d", len(byKey), len(flows))
	}
	for _, idx := range k.index.es.Indices() {
		for _, d := range k.index.es.Docs(idx) {
			if d.Source["netflow.type"] == "netflow_flow" {
				for _, f := range flows {
					if f.Key() == docKey(t, d.Source) {
						checkDocument(t, f, d.Source)
					}
				}
			}
		}
	}

	// 3. Kill -9 the index tier mid-stream. Its flows are told from the earlier ones by their
	// source address: both number their source ports from 20000.
	const streamed, streamSource = 3000, "81.2.69.142"
	before := len(flowPortsFrom(k.index.es, streamSource))
	var sent atomic.Bool
	sendErr := make(chan error, 1)
	conn := dialUDP(t, k.index.ipfixAddr)
	go func() {
		defer sent.Store(true)
		for i := 0; i < streamed; i += 20 {
			if _, err := conn.Write(ipfixPacket(uint32(i), numberedFlows(i, 20, streamSource, time.Now()))); err != nil {
				sendErr <- err
				return
			}
			time.Sleep(20 * time.Millisecond) // about 1,000 flows/s for three seconds: a stream to kill into
		}
	}()
	waitFor(t, 30*time.Second, func() bool { return len(flowPortsFrom(k.index.es, streamSource)) > before }, "the first streamed flows indexed")
	if t.Failed() {
		t.FailNow()
	}
	k.index.col.kill()
	mid := len(flowPortsFrom(k.index.es, streamSource)) - before
	t.Logf("index tier killed with %d of %d streamed flows indexed (stream finished: %v)", mid, streamed, sent.Load())
	k.index.restart(t)
	waitFor(t, 30*time.Second, sent.Load, "the stream sent")
	select {
	case err := <-sendErr:
		t.Fatal(err)
	default:
	}
	k.waitCollectMetric(t, accepted+streamed, 60*time.Second, "otelcol_exporter_sent_log_records", `exporter="kafka"`)
	k.index.waitDocs(t, len(flows)+streamed, 60*time.Second)
	seen := flowPortsFrom(k.index.es, streamSource)
	for i := range streamed {
		if seen[int64(20000+i)] != 1 {
			t.Errorf("streamed flow %d indexed %d times, want once", i, seen[int64(20000+i)])
		}
	}
	c := k.index.es.Counts()
	t.Logf("Elasticsearch: %d created, %d conflicts (re-deliveries after the kill answered 409), %d failed", c.Created, c.Conflicts, c.Failed)
	if c.Failed != 0 {
		t.Errorf("%d documents rejected: %+v", c.Failed, c)
	}
	if c.Conflicts < mid {
		t.Errorf("%d conflicts, want at least the %d flows indexed before the kill: they were not read again", c.Conflicts, mid)
	}
	k.index.col.Stop(t)
	k.collect.Stop(t)
}
