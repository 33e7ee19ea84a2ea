"""Organization search and counting at scale: the same results on SQLite and PostgreSQL, served by an index.

Each test runs on whichever database the suite runs on; the expected results are written out (or
computed in Python from the rows), so a run on each database proves both give the same answer.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from kechuang.core.choices import OrganizationKind
from kechuang.core.filters import OrganizationFilter
from kechuang.core.models import Industry, Organization, Region
from kechuang.core.search import SQLITE_TABLE, search_condition
from tests.conftest import make_org

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists on PostgreSQL only")

NAMES = [
    "大连华创软件有限公司",
    "大连创软科技有限公司",
    "大连鑫源精密机械股份有限公司",
    "沈阳华为技术服务有限公司",
    "大连Alpha(智能)装备有限公司",
    '大连"引号"贸易有限公司',
]


@pytest.fixture
def registry(reference):
    return [make_org(name) for name in NAMES]


def found(term: str) -> list[str]:
    return sorted(Organization.objects.filter(search_condition(term)).values_list("name", flat=True))


def expected(term: str) -> list[str]:
    """Plain substring semantics, in Python: name or USCC contains the term, letters in either case."""
    term = term.replace("\x00", "").strip().upper()
    return sorted(o.name for o in Organization.objects.all() if term in o.name.upper() or term in (o.uscc or "").upper())


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("创软件", ["大连华创软件有限公司"]),  # the middle of a name, three characters
        ("创软", ["大连创软科技有限公司", "大连华创软件有限公司"]),  # two characters: the fallback
        ("华", ["大连华创软件有限公司", "沈阳华为技术服务有限公司"]),  # one character
        ("精密机械股份", ["大连鑫源精密机械股份有限公司"]),
        ("alpha(智能)", ["大连Alpha(智能)装备有限公司"]),  # letters in another case, brackets kept literally
        ('"引号"', ['大连"引号"贸易有限公司']),  # a quote cannot break out of the FTS phrase
        ("有限公司 ", NAMES),  # surrounding spaces are not part of the term
        ("不存在的单位", []),
        ("创软\x00件", ["大连华创软件有限公司"]),  # a NUL (which PostgreSQL refuses) is dropped
    ],
)
def test_it_finds_a_substring_of_the_name_the_same_way_on_every_database(registry, term, names):
    assert found(term) == sorted(names)
    assert found(term) == expected(term)


def test_it_finds_a_fragment_of_the_uscc_in_either_case(registry):
    target = registry[2]
    for fragment in (target.uscc[6:12], target.uscc[10:].lower(), target.uscc[:2] + target.uscc[2:4]):
        names = found(fragment)
        assert target.name in names
        assert names == expected(fragment)


def test_the_list_page_and_its_filters_use_the_same_search(registry, personas, client_for):
    client = client_for(personas.admin)
    response = client.get(reverse("core:organization_list"), {"q": "创软件"})
    assert [org.name for org in response.context["page"]] == ["大连华创软件有限公司"]
    response = client.get(reverse("core:organization_list"), {"q": registry[3].uscc[5:13]})
    assert [org.name for org in response.context["page"]] == [registry[3].name]
    filters = OrganizationFilter(q="有限公司", kind=OrganizationKind.UNIVERSITY)
    assert not filters.filter(Organization.objects.all()).exists()


@sqlite_only
def test_the_fts_table_follows_create_update_and_delete(reference):
    organization = make_org("大连星辰海洋科技有限公司")
    assert found("星辰海洋") == ["大连星辰海洋科技有限公司"]

    organization.name = "大连启航海洋科技有限公司"
    organization.save()
    assert found("星辰海洋") == []
    assert found("启航海洋") == ["大连启航海洋科技有限公司"]

    # A change made in SQL, past the ORM, is followed too (the triggers live in the database).
    Organization.objects.filter(pk=organization.pk).update(uscc=None, description="不影响索引")
    assert found(organization.uscc[4:12]) == []
    Organization.objects.bulk_create([Organization(name="大连蓝图数据有限公司", kind=OrganizationKind.ENTERPRISE)])
    assert found("蓝图数据") == ["大连蓝图数据有限公司"]

    organization.delete()
    assert found("启航海洋") == []
    with connection.cursor() as cursor:
        # Compares the index with core_organization row by row; raises if they differ.
        cursor.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rank) VALUES ('integrity-check', 1)")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_triggers_survive_a_migration_that_rebuilds_the_table(reference):
    """SQLite alters a column by copying the table; the search triggers must come along."""
    old_field = Organization._meta.get_field("address")
    new_field = old_field.clone()
    new_field.set_attributes_from_name("address")
    new_field.max_length = 300
    with connection.schema_editor() as editor:
        editor.alter_field(Organization, old_field, new_field)
    try:
        make_org("大连宇宙蓝图工程技术有限公司")
        assert found("宇宙蓝图") == ["大连宇宙蓝图工程技术有限公司"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_organization'")
            assert {row[0] for row in cursor.fetchall()} == {
                "core_organization_search_insert", "core_organization_search_delete", "core_organization_search_update",
            }
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Organization, new_field, old_field)


def _result_count_text(response) -> str:
    return re.search(r'id="result-count">([^<]*)<', response.content.decode()).group(1)


def test_a_large_list_shows_an_estimate_or_a_capped_count(reference, personas, client_for, settings):
    settings.KECHUANG_EXACT_COUNT_LIMIT = 10
    Organization.objects.bulk_create(
        [Organization(name=f"大连批量{n:02d}科技有限公司", kind=OrganizationKind.ENTERPRISE) for n in range(40)]
    )
    total = Organization.objects.count()  # the personas' organizations and the 40
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_organization")  # what autovacuum does; the estimate is then the row count
    client = client_for(personas.admin)
    url = reverse("core:organization_list")

    response = client.get(url)
    page = response.context["page"]
    html = response.content.decode()
    if connection.vendor == "postgresql":
        assert page.paginator.estimated and not page.paginator.capped
        assert _result_count_text(response) == f"约 {total} 个单位"
        assert "第 1 / 约 2 页" in html
    else:
        assert page.paginator.capped and not page.paginator.estimated
        assert _result_count_text(response) == "10+ 个单位"
        assert "第 1 / 1+ 页" in html
    assert len(page.object_list) == 25 and page.has_next()
    assert "page=2" in html

    # The second page is read although the capped count fits on one; past the real end, the last page.
    second = client.get(url, {"page": "2"}).context["page"]
    assert [o.pk for o in second.object_list] == list(Organization.objects.values_list("pk", flat=True)[25:50])
    last = client.get(url, {"page": "9"})
    assert last.context["page"].number == 2 and not last.context["page"].has_next()
    assert _result_count_text(last) == f"共 {total} 个单位"

    # A small result is counted exactly.
    small = client.get(url, {"q": "批量0"})
    assert _result_count_text(small) == "共 10 个单位"
    assert small.context["page"].paginator.exact


def test_a_list_under_the_limit_is_counted_exactly(personas, client_for):
    response = client_for(personas.admin).get(reverse("core:organization_list"))
    assert _result_count_text(response) == f"共 {Organization.objects.count()} 个单位"
    assert "约" not in _result_count_text(response)


def _indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Organization._meta.db_table)


def test_each_filter_has_an_index_ending_in_the_list_order():
    indexes = _indexes()
    for name, columns in {
        "core_org_name_idx": ["name", "id"],
        "core_org_kind_name_idx": ["kind", "name", "id"],
        "core_org_kind_region_name_idx": ["kind", "region_id", "name", "id"],
        "core_org_region_name_idx": ["region_id", "name", "id"],
        "core_org_industry_name_idx": ["industry_id", "name", "id"],
    }.items():
        assert indexes[name]["columns"] == columns, name


@postgres_only
def test_postgres_has_trigram_indexes_the_search_can_use(registry):
    assert _indexes()["core_org_name_trgm"]["type"] == "gin"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_organization'")
        definitions = dict(cursor.fetchall())
        assert "gin (upper((name)::text) gin_trgm_ops)" in definitions["core_org_name_trgm"]
        assert "gin (upper((uscc)::text) gin_trgm_ops)" in definitions["core_org_uscc_trgm"]
        # A handful of rows is read faster by a table scan; forbid it (and the plain index scans) to
        # see that the search's expression matches the trigram indexes'.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    queryset = Organization.objects.filter(search_condition("创软件")).order_by()
    plan = json.dumps(json.loads(queryset.explain(format="json")))
    assert "core_org_name_trgm" in plan and "core_org_uscc_trgm" in plan


@sqlite_only
def test_sqlite_answers_three_characters_from_the_fts_table_and_filters_from_their_index(registry):
    # Created by migration 0004 in the test database as in any other.
    assert SQLITE_TABLE in connection.introspection.table_names()
    plan = Organization.objects.filter(search_condition("创软件")).explain()
    assert f"{SQLITE_TABLE} VIRTUAL TABLE" in plan
    # One or two characters cannot use the trigram index; they read along the name index instead.
    short = Organization.objects.filter(search_condition("创软")).order_by("name", "id")[:26].explain()
    assert SQLITE_TABLE not in short and "core_org_name_idx" in short
    kind = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).values("pk")[:26].explain()
    assert "COVERING INDEX core_org_kind_name_idx" in kind


def test_the_fallback_and_the_index_agree_on_three_characters(registry):
    plain = Q(name__icontains="创软件") | Q(uscc__icontains="创软件")
    assert found("创软件") == sorted(Organization.objects.filter(plain).values_list("name", flat=True))


@pytest.mark.parametrize(
    "params",
    [{"industry": "C"}, {"region": "210200"}, {"industry": "C", "q": "有限公司"}, {"q": "科技"}, {"kind": "enterprise"}],
)
def test_the_dense_form_of_a_filter_gives_the_same_rows_in_the_same_order(reference, params):
    industries = list(Industry.objects.filter(parent__code="C").order_by("code")[:3]) + [Industry.objects.get(code="65")]
    regions = list(Region.objects.filter(code__startswith="2102").order_by("code")[:4])
    Organization.objects.bulk_create(
        [
            Organization(
                name=f"大连{n % 7}号{'科技' if n % 2 else '贸易'}有限公司{n}", kind=OrganizationKind.ENTERPRISE,
                industry=industries[n % len(industries)], region=regions[n % len(regions)],
            )
            for n in range(60)
        ]
    )
    filters = OrganizationFilter(**params)
    plain = list(filters.filter(Organization.objects.all()).values_list("pk", flat=True))
    dense = list(filters.filter_dense(Organization.objects.all()).values_list("pk", flat=True))
    assert plain and dense == plain


@sqlite_only
def test_sqlite_reads_a_large_multi_valued_filter_along_the_name_index(reference):
    """An IN list through its index means sorting every match; counted past the limit, the dense form is read."""
    plain = OrganizationFilter(industry="C").filter(Organization.objects.all()).values("pk")[:26].explain()
    dense = OrganizationFilter(industry="C").filter_dense(Organization.objects.all()).values("pk")[:26].explain()
    assert "TEMP B-TREE" in plain
    assert "core_org_name_idx" in dense and "TEMP B-TREE" not in dense


@sqlite_only
def test_a_frequent_term_is_read_along_the_name_index_a_rare_one_from_the_fts_table(registry, settings):
    settings.KECHUANG_EXACT_COUNT_LIMIT = 1  # frequent: more than 5 matches
    assert SQLITE_TABLE in str(Organization.objects.filter(search_condition("创软件")).query)
    frequent = Organization.objects.filter(search_condition("有限公司"))
    assert SQLITE_TABLE not in str(frequent.query)
    assert sorted(frequent.values_list("name", flat=True)) == expected("有限公司") == sorted(NAMES)


def test_the_last_page_shows_the_exact_count_whatever_the_estimate_said(registry, personas, client_for, settings):
    settings.KECHUANG_EXACT_COUNT_LIMIT = 0  # every non-empty list is "large"
    client = client_for(personas.admin)
    response = client.get(reverse("core:organization_list"), {"q": "有限公司"})
    assert _result_count_text(response) == f"共 {len(expected('有限公司'))} 个单位"
    assert response.context["page"].paginator.exact
    assert _result_count_text(client.get(reverse("core:organization_list"), {"q": "不存在"})) == "共 0 个单位"
