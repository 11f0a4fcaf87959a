package testenv

import "testing"

func TestMetricSum(t *testing.T) {
	mfs, err := ParseMetrics([]byte(`# TYPE c counter
c{group="a",x="1"} 2
c{group="a",x="2"} 3
c{group="b"} 7
# TYPE h histogram
h_bucket{le="+Inf"} 4
h_sum 1.5
h_count 4
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		family string
		want   map[string]string
		sum    float64
	}{
		{"all series", "c", nil, 12},
		{"by a label", "c", map[string]string{"group": "a"}, 5},
		{"by two labels", "c", map[string]string{"group": "a", "x": "2"}, 3},
		{"no series match", "c", map[string]string{"group": "z"}, 0},
		{"unknown family", "nope", nil, 0},
		{"histogram counts observations", "h", nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MetricSum(mfs, tt.family, tt.want); got != tt.sum {
				t.Errorf("MetricSum = %v, want %v", got, tt.sum)
			}
		})
	}
	if _, err := ParseMetrics([]byte("not metrics {")); err == nil {
		t.Error("ParseMetrics accepted a body that is not the text format")
	}
}
