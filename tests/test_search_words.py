"""The identifier parts given to the search index (generator/markup.py `search_words`)."""

from __future__ import annotations

from generator.markup import search_words


def test_identifiers_give_their_parts_and_plain_words_nothing():
    assert search_words("torch.cuda.OutOfMemoryError: CUDA out of memory") == "torch cuda OutOfMemoryError"
    assert search_words("set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True") == \
        "PYTORCH CUDA ALLOC CONF expandable segments True"
    assert search_words("add --skip-torch-cuda-test") == "skip torch cuda test"
    assert search_words("KeyError: 'qwen2'") == ""


def test_only_letters_and_digits_come_out():
    # The words go into an HTML attribute of a heading: nothing there may close it or start markup.
    out = search_words('a.b"><script>x_y</script> {c.d} `e.f`')
    assert out.replace(" ", "").isalnum()
