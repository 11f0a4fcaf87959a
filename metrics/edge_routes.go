package metrics

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/txstream/txstream/edge"
)

// limitedRoutes lists, per service, the route templates a capacity limit
// can refuse: the label values of txstream_http_overload_rejections_total.
// They are read from the edge's OpenAPI document, which a test of the edge
// keeps equal to its routers; each path names its services by the default
// port in its servers. Paths that every service serves are the probes
// (/healthz, /readyz, /metrics, /openapi.json), which no limit refuses.
func limitedRoutes() (map[edge.Service][]string, error) {
	var doc struct {
		Paths map[string]struct {
			Servers []struct{ URL string } `json:"servers"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(edge.OpenAPI(), &doc); err != nil {
		return nil, fmt.Errorf("edge's OpenAPI document: %w", err)
	}
	byPort := servicePorts()
	routes := map[edge.Service][]string{}
	for path, item := range doc.Paths {
		if len(item.Servers) == len(byPort) {
			continue
		}
		for _, s := range item.Servers {
			u, err := url.Parse(s.URL)
			if err != nil || byPort[u.Port()] == "" {
				return nil, fmt.Errorf("edge's OpenAPI document: path %s: server %q names no service", path, s.URL)
			}
			routes[byPort[u.Port()]] = append(routes[byPort[u.Port()]], path)
		}
	}
	for _, rs := range routes {
		slices.Sort(rs)
	}
	return routes, nil
}

// servicePorts maps each service's default port to it.
func servicePorts() map[string]edge.Service {
	d := edge.DefaultConfig()
	addrs := map[edge.Service]string{
		edge.ServiceTransaction: d.TransactionAddr, edge.ServiceConverter: d.ConverterAddr, edge.ServiceManager: d.ManagerAddr,
	}
	ports := map[string]edge.Service{}
	for svc, addr := range addrs {
		ports[addr[strings.LastIndexByte(addr, ':')+1:]] = svc
	}
	return ports
}
