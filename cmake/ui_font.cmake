# The widget's UI font: Roboto Regular and Medium (Apache-2.0) from Debian's
# fonts-roboto-unhinted, cut down at build time with fonttools' pyftsubset to
# the characters the widget draws, and linked in as bytes (scripts/embed-file).
#
#   bt_add_ui_font_library(<target>)
#
# makes the static library <target>, which defines (declare them to use them)
#   bt::embedded::roboto_regular_ttf[], bt::embedded::roboto_regular_ttf_size
#   bt::embedded::roboto_medium_ttf[],  bt::embedded::roboto_medium_ttf_size
# Everything it generates stays in the build folder.

set(BT_UI_FONT_DIR "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")

# What the widget draws: Basic Latin, Latin-1 Supplement, Latin Extended-A; en
# and em dash, curly quotes, bullet, ellipsis, narrow no-break space; arrows,
# ▲▼ and ✓✗; U+FFFD, which ImGui draws for any character the font lacks.
# (Roboto has no arrows, triangles or check marks; pyftsubset skips what a font
# does not have, so they cost nothing and come in if the font ever gains them.)
set(BT_UI_FONT_UNICODES
  "U+0020-007E,U+00A0-00FF,U+0100-017F,U+2013-2014,U+2018-2019,U+201C-201D,U+2022,U+2026,U+202F,U+2190-2193,U+25B2,U+25BC,U+2713,U+2717,U+FFFD")
# Medium draws only the widget's title (view/toolbar.cpp): Basic Latin is
# enough, and anything else (the Chinese title) comes from the system's bold
# glyphs, as for Regular. Half the font's bytes for one line of text.
set(BT_UI_FONT_TITLE_UNICODES "U+0020-007E,U+FFFD")

# ImGui's rasteriser (stb_truetype) reads cmap, glyf, loca, head, hhea, hmtx and
# maxp, and ImGui applies no kerning or shaping: hinting and the OpenType layout
# tables go. The name table keeps only the family, the copyright and the licence.
set(BT_UI_FONT_SUBSET_OPTIONS
  --no-hinting
  --layout-features=
  --drop-tables+=GSUB,GPOS,GDEF,kern
  --name-IDs=0,1,2,13,14
)

function(bt_add_ui_font_library target)
  find_program(BT_PYFTSUBSET pyftsubset)
  if(NOT BT_PYFTSUBSET)
    message(FATAL_ERROR "pyftsubset (Debian package fonttools) is missing: run scripts/setup")
  endif()
  find_package(Python3 REQUIRED COMPONENTS Interpreter)

  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/ui_font")
  set(embed_script "${CMAKE_SOURCE_DIR}/scripts/embed-file")
  set(sources "")
  set(unicodes_Regular "${BT_UI_FONT_UNICODES}")
  set(unicodes_Medium "${BT_UI_FONT_TITLE_UNICODES}")
  foreach(weight Regular Medium)
    set(font "${BT_UI_FONT_DIR}/Roboto-${weight}.ttf")
    if(NOT EXISTS "${font}")
      message(FATAL_ERROR "${font} (Debian package fonts-roboto-unhinted) is missing: run scripts/setup")
    endif()
    string(TOLOWER "${weight}" weight_lower)
    set(subset "${out_dir}/Roboto-${weight}.subset.ttf")
    set(source "${out_dir}/roboto_${weight_lower}_ttf.cpp")
    add_custom_command(
      OUTPUT "${subset}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
      COMMAND "${BT_PYFTSUBSET}" "${font}" "--unicodes=${unicodes_${weight}}"
              ${BT_UI_FONT_SUBSET_OPTIONS} "--output-file=${subset}"
      DEPENDS "${font}"
      COMMENT "Subsetting Roboto ${weight} for the UI"
      VERBATIM
    )
    add_custom_command(
      OUTPUT "${source}"
      COMMAND Python3::Interpreter "${embed_script}" "${subset}" "${source}" "bt::embedded::roboto_${weight_lower}_ttf"
      DEPENDS "${subset}" "${embed_script}"
      COMMENT "Embedding Roboto ${weight}"
      VERBATIM
    )
    list(APPEND sources "${source}")
  endforeach()

  add_library(${target} STATIC ${sources})
endfunction()
