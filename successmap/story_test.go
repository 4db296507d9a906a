package successmap

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kizuki-app/kizuki/models"
)

func TestTheAnonymizerTakesWholeNamesAndTheirParts(t *testing.T) {
	a := NewAnonymizer(models.StoryNames{Account: "A+B (Japan)", People: []string{"Taro Yamada", "Ann"}})
	cases := map[string]string{
		"We at A+B (Japan) grew":          "We at [customer] grew",
		"a+b (japan)'s team":              "[customer]'s team",
		"Japan office":                    "[customer] office",
		"Yamada-san and taro yamada said": "[name]-san and [name] said",
		"annual planning with Ann":        "annual planning with [name]",
	}
	for in, want := range cases {
		assert.Equal(t, want, a.Scrub(in), in)
	}
}
