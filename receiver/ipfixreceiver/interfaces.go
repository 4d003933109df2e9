// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.yaml.in/yaml/v3"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/yamllist"
)

// InterfacesConfig names exporters' interfaces that send no interface
// options data.
type InterfacesConfig struct {
	// Static lists interfaces in the configuration.
	Static []InterfaceConfig `mapstructure:"static"`
	// File is a YAML (.yaml, .yml: a list of the entries of Static) or CSV
	// (.csv: header exporter,index,name,description,speed) file of more
	// interfaces, reloaded when it changes.
	File string `mapstructure:"file"`
	// ReloadInterval is how often File is checked for changes.
	ReloadInterval time.Duration `mapstructure:"reload_interval"`
	// PreferStatic makes these names win over the exporter's options data.
	PreferStatic bool `mapstructure:"prefer_static"`
}

// InterfaceConfig is one interface of one exporter.
type InterfaceConfig struct {
	Exporter    string `mapstructure:"exporter" yaml:"exporter"`
	Index       uint32 `mapstructure:"index" yaml:"index"`
	Name        string `mapstructure:"name" yaml:"name"`
	Description string `mapstructure:"description" yaml:"description"`
	Speed       uint64 `mapstructure:"speed" yaml:"speed"`
}

// interfaceTable turns entries into the decoder's table; where says
// where each entry came from, for errors.
type interfaceTable struct {
	m    map[decoder.InterfaceKey]decoder.Interface
	from map[decoder.InterfaceKey]string
	errs []error
}

func newInterfaceTable() *interfaceTable {
	return &interfaceTable{m: map[decoder.InterfaceKey]decoder.Interface{}, from: map[decoder.InterfaceKey]string{}}
}

func (t *interfaceTable) add(where string, c InterfaceConfig) {
	addr, err := netip.ParseAddr(c.Exporter)
	switch {
	case c.Exporter == "":
		t.errs = append(t.errs, fmt.Errorf("%s: 'exporter' is required", where))
		return
	case err != nil:
		t.errs = append(t.errs, fmt.Errorf("%s: 'exporter' %q is not an IP address", where, c.Exporter))
		return
	case c.Name == "" && c.Description == "" && c.Speed == 0:
		t.errs = append(t.errs, fmt.Errorf("%s: sets none of 'name', 'description', 'speed'", where))
		return
	}
	k := decoder.InterfaceKey{Exporter: addr.Unmap(), Index: c.Index}
	if prev, dup := t.from[k]; dup {
		t.errs = append(t.errs, fmt.Errorf("%s: 'index' %d of exporter %s is already defined at %s", where, c.Index, addr, prev))
		return
	}
	t.from[k] = where
	t.m[k] = decoder.Interface{Name: c.Name, Description: c.Description, Speed: c.Speed}
}

// loadInterfaces builds the table of the configuration and its file.
func (c *InterfacesConfig) load() (map[decoder.InterfaceKey]decoder.Interface, error) {
	t := newInterfaceTable()
	for i, e := range c.Static {
		t.add(fmt.Sprintf("'interfaces::static[%d]'", i), e)
	}
	if c.File != "" {
		if err := t.addFile(c.File); err != nil {
			t.errs = append(t.errs, err)
		}
	}
	return t.m, errors.Join(t.errs...)
}

func (t *interfaceTable) addFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("'interfaces::file': %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return t.addYAML(path, data)
	case ".csv":
		return t.addCSV(path, data)
	}
	return fmt.Errorf("'interfaces::file' %s: the name must end in .yaml, .yml or .csv", path)
}

func (t *interfaceTable) addYAML(path string, data []byte) error {
	entries, err := yamllist.Entries(path, data, "interfaces")
	if err != nil {
		return err
	}
	for _, n := range entries {
		var c InterfaceConfig
		where := fmt.Sprintf("%s:%d", path, n.Line)
		if err := strictDecode(n, &c); err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		t.add(where, c)
	}
	return nil
}

// strictDecode rejects keys InterfaceConfig does not have, naming them.
func strictDecode(n *yaml.Node, c *InterfaceConfig) error {
	if n.Kind != yaml.MappingNode {
		return errors.New("expected a mapping of exporter, index, name, description, speed")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch key := n.Content[i].Value; key {
		case "exporter", "index", "name", "description", "speed":
		default:
			return fmt.Errorf("unknown key '%s'", key)
		}
	}
	return n.Decode(c)
}

var csvHeader = []string{"exporter", "index", "name", "description", "speed"}

func (t *interfaceTable) addCSV(path string, data []byte) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !contains(csvHeader, h) {
			return fmt.Errorf("%s:1: unknown column '%s' (want %s)", path, h, strings.Join(csvHeader, ","))
		}
		col[h] = i
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("%s:%d", path, line)
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := InterfaceConfig{Exporter: get("exporter"), Name: get("name"), Description: get("description")}
		idx, err := strconv.ParseUint(get("index"), 10, 32)
		if err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s: 'index' %q is not an ifIndex", where, get("index")))
			continue
		}
		c.Index = uint32(idx)
		if s := get("speed"); s != "" {
			if c.Speed, err = strconv.ParseUint(s, 10, 64); err != nil {
				t.errs = append(t.errs, fmt.Errorf("%s: 'speed' %q is not bits per second", where, s))
				continue
			}
		}
		t.add(where, c)
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (c *InterfacesConfig) validate() []error {
	var errs []error
	if c.File != "" && c.ReloadInterval <= 0 {
		errs = append(errs, errors.New("'interfaces::reload_interval' must be greater than zero when 'interfaces::file' is set"))
	}
	if _, err := c.load(); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// interfacesReloader reloads the interfaces file when its modification time
// or size changes. A broken file keeps the previous table in use; the
// failure is logged once (until the file loads again) and counted.
type interfacesReloader struct {
	cfg    *InterfacesConfig
	shared *decoder.Interfaces
	logger *zap.Logger
	failed func()
	stamp  fileStamp
	broken bool
}

type fileStamp struct {
	mod  time.Time
	size int64
}

func statFile(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{fi.ModTime(), fi.Size()}, nil
}

// start loads the table once; a failure here fails Start.
func (l *interfacesReloader) start() error {
	if l.cfg.File != "" {
		l.stamp, _ = statFile(l.cfg.File)
	}
	m, err := l.cfg.load()
	if err != nil {
		return err
	}
	l.shared.Store(m)
	return nil
}

// check reloads the file if it changed.
func (l *interfacesReloader) check() {
	st, _ := statFile(l.cfg.File) // a missing file is a zero stamp: one failure, then quiet
	if st == l.stamp {
		return
	}
	l.stamp = st
	m, err := l.cfg.load()
	if err != nil {
		l.failed()
		if !l.broken {
			l.logger.Warn("interfaces file reload failed; the previous interface names stay in use", zap.Error(err))
		}
		l.broken = true
		return
	}
	if l.broken {
		l.logger.Info("interfaces file loads again", zap.String("file", l.cfg.File))
	}
	l.broken = false
	l.shared.Store(m)
}

// run checks the file every reload interval until done is closed.
func (l *interfacesReloader) run(done <-chan struct{}) {
	tick := time.NewTicker(l.cfg.ReloadInterval)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			l.check()
		}
	}
}

// startInterfaces loads the interface table and, with a file, starts its
// reloader; without any interface configured the decoders get no table.
func (r *ipfixReceiver) startInterfaces() error {
	c := &r.cfg.Interfaces
	if len(c.Static) == 0 && c.File == "" {
		return nil
	}
	l := &interfacesReloader{cfg: c, shared: r.interfaces, logger: r.set.Logger,
		failed: func() { r.tb.ReceiverIpfixInterfacesReloadErrors.Add(context.Background(), 1, r.tel.Self) }}
	if err := l.start(); err != nil {
		return err
	}
	if c.File != "" {
		r.stopReload = make(chan struct{})
		r.reloadWG.Go(func() { l.run(r.stopReload) })
	}
	return nil
}

func (r *ipfixReceiver) stopInterfaces() {
	if r.stopReload != nil {
		close(r.stopReload)
		r.stopReload = nil
	}
	r.reloadWG.Wait()
}
