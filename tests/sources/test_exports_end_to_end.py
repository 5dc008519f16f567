"""Exports through the real import run: one item per photo whichever way it arrived."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from gentle_memories.sample import write_photo
from gentle_memories.sources.detect import UnknownFormat, importer_for
from tests.sources.exports import imported, write_json, zip_folder
from tests.sources.test_takeout import sidecar


def test_the_same_photo_via_takeout_and_a_phone_folder_is_one_item(tmp_path, library):
    phone = tmp_path / "phone" / "DCIM"
    photo = write_photo(phone / "IMG_20190601_140000.jpg", datetime(2019, 6, 1, 14, 0), seed=1)
    export = tmp_path / "export" / "Takeout" / "Google Photos" / "Photos from 2019"
    export.mkdir(parents=True)
    shutil.copy(photo, export / photo.name)
    write_json(
        export / f"{photo.name}.supplemental-metadata.json",
        sidecar(
            datetime(2019, 6, 1, 12, tzinfo=UTC),
            photo.name,
            description="Our last day at the lake",
            people=[{"name": "Anna"}],
        ),
    )
    archive = zip_folder(tmp_path / "export", tmp_path / "takeout-20240101T000000Z-001.zip")
    summary = imported(library, tmp_path / "phone", archive)
    assert dict(summary.formats) == {"folder": 1, "takeout": 1}
    assert library.count_items() == 1
    (item_id,) = library.ids_by_uri(list(library.uris_of_source("folder"))).values()
    assert library.item(item_id).caption == "Our last day at the lake"


def test_an_unknown_zip_says_what_it_is_and_what_is_known(tmp_path):
    archive = tmp_path / "notes.zip"
    zip_folder(write_json(tmp_path / "n" / "notes.json", {"a": 1}).parent, archive)
    try:
        importer_for(archive)
    except UnknownFormat as err:
        assert "takeout" in str(err) and "instagram" in str(err) and "calendar" in str(err)
    else:
        raise AssertionError("an unknown zip was recognised")
