// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// No Docker engine runs here, and github.com/moby/buildkit's parser would pull newer releases of
// the collector's own dependencies into this module: so a small reader of Dockerfile syntax
// (instructions, line continuations, flags, JSON forms) checks what can be checked without a build.

type instruction struct {
	line  int
	cmd   string            // upper case
	flags map[string]string // --from=build -> from: build
	args  string
}

var dockerInstructions = []string{"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
	"LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}

func parseDockerfile(text string) ([]instruction, error) {
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue // comments may also sit inside a continued instruction
		}
		if cur.Len() == 0 {
			start = n
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		in, err := parseInstruction(start, cur.String())
		if err != nil {
			return nil, err
		}
		out = append(out, in)
		cur.Reset()
	}
	if cur.Len() > 0 {
		return nil, fmt.Errorf("line %d: continuation at end of file", start)
	}
	return out, nil
}

func parseInstruction(line int, s string) (instruction, error) {
	cmd, rest, _ := strings.Cut(s, " ")
	in := instruction{line: line, cmd: strings.ToUpper(cmd), flags: map[string]string{}}
	if !slices.Contains(dockerInstructions, in.cmd) {
		return in, fmt.Errorf("line %d: unknown instruction %q", line, cmd)
	}
	rest = strings.TrimSpace(rest)
	for strings.HasPrefix(rest, "--") {
		var flag string
		flag, rest, _ = strings.Cut(rest, " ")
		k, v, _ := strings.Cut(strings.TrimPrefix(flag, "--"), "=")
		in.flags[k] = v
		rest = strings.TrimSpace(rest)
	}
	in.args = rest
	if in.args == "" {
		return in, fmt.Errorf("line %d: %s without arguments", line, in.cmd)
	}
	if strings.HasPrefix(in.args, "[") {
		if _, err := in.execForm(); err != nil {
			return in, fmt.Errorf("line %d: %s: %w", line, in.cmd, err)
		}
	}
	return in, nil
}

// execForm decodes the JSON array form (["a", "b"]).
func (in instruction) execForm() ([]string, error) {
	var words []string
	err := json.Unmarshal([]byte(in.args), &words)
	return words, err
}

// dockerignored reports whether .dockerignore's patterns leave rel (or a directory above it) out
// of the build context.
func dockerignored(patterns []string, rel string) bool {
	for p := rel; p != "." && p != "/"; p = path.Dir(p) {
		for _, pat := range patterns {
			if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), p); ok {
				return true
			}
			if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), path.Base(p)); ok && !strings.Contains(pat, "/") {
				return true
			}
		}
	}
	return false
}

func readDockerignore(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var pats []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			pats = append(pats, l)
		}
	}
	return pats
}

// TestDockerfile parses the Dockerfile and checks the recipe the issue asks for: a build stage that
// runs `make build`, a minimal non-root final stage with the binary and configuration it starts,
// the ports and the state volume, and COPY sources that exist in the build context.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	ins, err := parseDockerfile(string(data))
	if err != nil {
		t.Fatal(err)
	}
	ignore := readDockerignore(t)

	var stages []string
	var final []instruction // instructions of the last stage
	copied := map[string]bool{}
	buildRunsMake := false
	for _, in := range ins {
		switch in.cmd {
		case "FROM":
			words := strings.Fields(in.args)
			if len(words) == 3 && strings.EqualFold(words[1], "AS") {
				stages = append(stages, words[2])
			} else {
				stages = append(stages, "")
			}
			final = nil
		case "RUN":
			if len(stages) == 1 && strings.Contains(in.args, "make build") {
				buildRunsMake = true
			}
		case "COPY":
			words := strings.Fields(in.args)
			srcs, dst := words[:len(words)-1], words[len(words)-1]
			if from, ok := in.flags["from"]; ok {
				if !slices.Contains(stages[:len(stages)-1], from) {
					t.Errorf("line %d: COPY --from=%s names no earlier stage", in.line, from)
				}
			} else {
				for _, src := range srcs {
					checkContextSource(t, in.line, src, ignore)
				}
			}
			for _, src := range srcs {
				if strings.HasSuffix(dst, "/") {
					copied[dst+path.Base(src)] = true
				} else {
					copied[dst] = true
				}
			}
		}
		final = append(final, in)
	}
	if len(stages) < 2 || !buildRunsMake {
		t.Fatalf("want a multi-stage build whose first stage runs `make build` (stages %q)", stages)
	}
	base := strings.Fields(final[0].args)[0]
	if !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
		t.Errorf("final base %s is not distroless/static or scratch", base)
	}
	checkFinalStage(t, final, copied)
}

func checkContextSource(t *testing.T, line int, src string, ignore []string) {
	t.Helper()
	if src == "." {
		return
	}
	matches, _ := filepath.Glob(filepath.Join(repoRoot, src))
	if len(matches) == 0 {
		t.Errorf("line %d: COPY %s: nothing in the repository matches", line, src)
	}
	for _, m := range matches {
		rel, _ := filepath.Rel(repoRoot, m)
		if dockerignored(ignore, filepath.ToSlash(rel)) {
			t.Errorf("line %d: COPY %s: .dockerignore leaves %s out of the context", line, src, rel)
		}
	}
}

func checkFinalStage(t *testing.T, final []instruction, copied map[string]bool) {
	t.Helper()
	got := map[string][]string{}
	for _, in := range final {
		if in.cmd == "ENTRYPOINT" || in.cmd == "CMD" {
			words, err := in.execForm()
			if err != nil {
				t.Errorf("line %d: %s is not in exec (JSON) form", in.line, in.cmd)
			}
			got[in.cmd] = words
			continue
		}
		got[in.cmd] = append(got[in.cmd], strings.Fields(in.args)...)
	}
	if u := strings.Join(got["USER"], ""); u == "" || u == "root" || strings.HasPrefix(u, "0") {
		t.Errorf("final stage runs as %q, want a non-root user", u)
	}
	for _, p := range []string{"2055/udp", "4739/udp", "6343/udp", "13133/tcp", "8888/tcp"} {
		if !slices.Contains(got["EXPOSE"], p) {
			t.Errorf("EXPOSE lacks %s", p)
		}
	}
	if !slices.Contains(got["VOLUME"], "/var/lib/otelcol-flows") {
		t.Errorf("no VOLUME /var/lib/otelcol-flows (have %q)", got["VOLUME"])
	}
	if ep := got["ENTRYPOINT"]; len(ep) == 0 || !copied[ep[0]] {
		t.Errorf("ENTRYPOINT %q is not a file the image copies in", ep)
	}
	cmd := got["CMD"]
	if i := slices.Index(cmd, "--config"); i < 0 || i+1 == len(cmd) || !copied[cmd[i+1]] {
		t.Errorf("CMD %q does not name a configuration the image copies in", cmd)
	}
	read := configEnvNames(t)
	for _, kv := range got["ENV"] {
		name, _, _ := strings.Cut(kv, "=")
		if !read[name] && !strings.HasPrefix(name, "GO") {
			t.Errorf("ENV %s is read by no shipped configuration", name)
		}
	}
}

// TestDockerfileReaderRejects shows the reader can fail: each snippet has one mistake.
func TestDockerfileReaderRejects(t *testing.T) {
	for _, bad := range []string{
		"FROM scratch\nCOPPY a /b\n",
		"FROM scratch\nENTRYPOINT [\"/bin/x\",]\n",
		"FROM scratch\nRUN make \\\n",
		"FROM scratch\nUSER\n",
	} {
		if _, err := parseDockerfile(bad); err == nil {
			t.Errorf("accepted:\n%s", bad)
		}
	}
	if !dockerignored([]string{"bin/", ".git"}, "bin/otelcol-flows") || dockerignored([]string{"bin/"}, "distribution/otel.yaml") {
		t.Error("dockerignored matches the wrong paths")
	}
}
