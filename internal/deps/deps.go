package deps
import (
 _ "charm.land/bubbletea/v2"
 _ "charm.land/bubbles/v2/table"
 _ "charm.land/bubbles/v2/textinput"
 _ "charm.land/bubbles/v2/textarea"
 _ "charm.land/bubbles/v2/key"
 _ "charm.land/bubbles/v2/help"
 _ "charm.land/bubbles/v2/spinner"
 _ "charm.land/lipgloss/v2"
 _ "github.com/go-resty/resty/v2"
 _ "github.com/BurntSushi/toml"
 _ "github.com/jackc/pgx/v5"
 _ "github.com/google/go-cmp/cmp"
 _ "github.com/charmbracelet/x/exp/teatest/v2"
 _ "github.com/charmbracelet/x/exp/golden"
 _ "github.com/charmbracelet/colorprofile"
 _ "github.com/charmbracelet/x/ansi"
 _ "github.com/creack/pty"
)

