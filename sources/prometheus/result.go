package prometheus

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ResultType is the data.resultType of an answer.
type ResultType string

// Result types of the query API.
const (
	Vector ResultType = "vector"
	Matrix ResultType = "matrix"
	Scalar ResultType = "scalar"
	String ResultType = "string"
)

// Point is one sample: a time and a value. Values arrive as strings and may be NaN, +Inf or -Inf.
type Point struct {
	T time.Time
	V float64
}

// Sample is one series of an instant vector.
type Sample struct {
	Metric map[string]string
	Point
}

// Series is one series of a range matrix.
type Series struct {
	Metric map[string]string
	Points []Point
}

// Result is a decoded answer. Only the field of its Type is set.
type Result struct {
	Type   ResultType
	Vector []Sample
	Matrix []Series
	// Scalar holds a scalar result, and String's time.
	Scalar Point
	String string
	// Warnings and Infos are what the server said beside a successful answer (a partial answer from
	// Thanos or Mimir, a PromQL info annotation); the UI shows them.
	Warnings []string
	Infos    []string
}

// Sum adds up the values of an instant vector (0 for an empty one, as no series means no events) or
// returns a scalar's value. NaN values are skipped; a vector of NaNs only is NaN.
func (r Result) Sum() (float64, error) {
	switch r.Type {
	case Scalar:
		return r.Scalar.V, nil
	case Vector:
		sum, seen, nan := 0.0, false, false
		for _, s := range r.Vector {
			if math.IsNaN(s.V) {
				nan = true
				continue
			}
			sum, seen = sum+s.V, true
		}
		if nan && !seen {
			return math.NaN(), nil
		}
		return sum, nil
	}
	return 0, fmt.Errorf("expected a vector or a scalar, got a %s", r.Type)
}

// data is the envelope's data member.
type data struct {
	ResultType ResultType      `json:"resultType"`
	Result     json.RawMessage `json:"result"`
}

type jsonSample struct {
	Metric map[string]string `json:"metric"`
	Value  *point            `json:"value"`
}

type jsonSeries struct {
	Metric map[string]string `json:"metric"`
	Values []point           `json:"values"`
}

// point decodes [<unix seconds>, "<value>"].
type point Point

func (p *point) UnmarshalJSON(b []byte) error {
	var raw [2]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("sample %s is not [time, \"value\"]", clipBytes(b))
	}
	var ts json.Number
	if err := json.Unmarshal(raw[0], &ts); err != nil {
		return fmt.Errorf("sample time %s is not a number", clipBytes(raw[0]))
	}
	sec, err := ts.Float64()
	if err != nil {
		return fmt.Errorf("sample time %s is not a number", ts)
	}
	var vs string
	if err := json.Unmarshal(raw[1], &vs); err != nil {
		return fmt.Errorf("sample value %s is not a string", clipBytes(raw[1]))
	}
	v, err := parseValue(vs)
	if err != nil {
		return err
	}
	p.T = unixSeconds(sec)
	p.V = v
	return nil
}

// parseValue reads a sample value: a float as Go formats it, or NaN, +Inf, -Inf (as Prometheus
// writes them; Inf and case variants are accepted too).
func parseValue(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("sample value %q is not a number", clipString(s))
	}
	return v, nil
}

func unixSeconds(sec float64) time.Time {
	ms := math.Round(sec * 1000)
	return time.UnixMilli(int64(ms)).UTC()
}

func parseData(raw json.RawMessage) (Result, error) {
	var d data
	if err := json.Unmarshal(raw, &d); err != nil {
		return Result{}, fmt.Errorf("data is not {resultType, result}")
	}
	r := Result{Type: d.ResultType}
	switch d.ResultType {
	case Vector:
		var ss []jsonSample
		if err := json.Unmarshal(d.Result, &ss); err != nil {
			return Result{}, fmt.Errorf("vector: %v", err)
		}
		r.Vector = make([]Sample, 0, len(ss))
		for _, s := range ss {
			if s.Value == nil { // a native histogram sample: opsdeck reads classic histograms only
				continue
			}
			r.Vector = append(r.Vector, Sample{Metric: s.Metric, Point: Point(*s.Value)})
		}
	case Matrix:
		var ss []jsonSeries
		if err := json.Unmarshal(d.Result, &ss); err != nil {
			return Result{}, fmt.Errorf("matrix: %v", err)
		}
		r.Matrix = make([]Series, len(ss))
		for i, s := range ss {
			pts := make([]Point, len(s.Values))
			for j, p := range s.Values {
				pts[j] = Point(p)
			}
			r.Matrix[i] = Series{Metric: s.Metric, Points: pts}
		}
	case Scalar:
		var p point
		if err := json.Unmarshal(d.Result, &p); err != nil {
			return Result{}, fmt.Errorf("scalar: %v", err)
		}
		r.Scalar = Point(p)
	case String:
		var raw [2]json.RawMessage
		if err := json.Unmarshal(d.Result, &raw); err != nil {
			return Result{}, fmt.Errorf("string result is not [time, \"text\"]")
		}
		var ts json.Number
		if err := json.Unmarshal(raw[0], &ts); err != nil {
			return Result{}, fmt.Errorf("string result time is not a number")
		}
		sec, _ := ts.Float64()
		r.Scalar.T = unixSeconds(sec)
		if err := json.Unmarshal(raw[1], &r.String); err != nil {
			return Result{}, fmt.Errorf("string result value is not a string")
		}
	default:
		return Result{}, fmt.Errorf("unknown resultType %q", clipString(string(d.ResultType)))
	}
	return r, nil
}

func clipBytes(b []byte) string { return clipString(string(b)) }

func clipString(s string) string { return clip(s, 40) }
