from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kechuang.core.messages import reference_error_text
from kechuang.core.reference_data import ReferenceFileError, load_industries, load_regions, load_tech_domains

HEADER = "code,name,parent_code,level\n"
CJK_NAME = re.compile(r"[\u4e00-\u9fff、（）]+")
# Characters that exist only in traditional script; simplified names never contain them.
TRADITIONAL = set("區縣鄉鎮國東廣雲貴遼龍烏魯蘇瀋陽連灣門")


@pytest.fixture(scope="module")
def regions():
    return {row.code: row for row in load_regions()}


@pytest.fixture(scope="module")
def industries():
    return {row.code: row for row in load_industries()}


@pytest.fixture(scope="module")
def tech_domains():
    return {row.code: row for row in load_tech_domains()}


class TestRegions:
    def test_it_has_every_province_prefecture_and_county(self, regions) -> None:
        counts = Counter(row.level for row in regions.values())
        # 31 mainland divisions plus 台湾省, 香港 and 澳门; 333 prefecture-level divisions
        # (293 地级市, 7 地区, 30 自治州, 3 盟); county level as of the 2023 statistical release.
        assert counts == {"province": 34, "prefecture": 333, "county": 2845}

    def test_it_has_the_divisions_of_each_kind(self, regions) -> None:
        names = [row.name for row in regions.values() if row.level == "prefecture"]
        assert sum(name.endswith("地区") for name in names) == 7
        assert sum(name.endswith("自治州") for name in names) == 30
        assert sum(name.endswith("盟") for name in names) == 3

    @pytest.mark.parametrize(
        ("code", "name", "parent"),
        [
            ("210000", "辽宁省", ""),
            ("210200", "大连市", "210000"),
            ("210202", "中山区", "210200"),
            ("210204", "沙河口区", "210200"),
            ("370281", "胶州市", "370200"),
            ("370200", "青岛市", "370000"),
            ("630100", "西宁市", "630000"),
            ("130200", "唐山市", "130000"),
            ("370100", "济南市", "370000"),
            ("330282", "慈溪市", "330200"),
            ("330200", "宁波市", "330000"),
            ("710000", "台湾省", ""),
            ("810000", "香港特别行政区", ""),
            ("820000", "澳门特别行政区", ""),
        ],
    )
    def test_it_has_the_known_divisions(self, regions, code: str, name: str, parent: str) -> None:
        assert (regions[code].name, regions[code].parent_code) == (name, parent)

    def test_municipality_districts_and_province_administered_counties_sit_under_the_province(
        self, regions
    ) -> None:
        assert regions["110105"].name == "朝阳区" and regions["110105"].parent_code == "110000"
        assert regions["500230"].parent_code == "500000"
        assert regions["429004"].name == "仙桃市" and regions["429004"].parent_code == "420000"
        assert not any(
            row.name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
            for row in regions.values()
        )

    def test_it_leaves_out_statistical_zones_that_are_not_divisions(self, regions) -> None:
        assert not any(71 <= int(code[4:]) <= 80 and row.level == "county" for code, row in regions.items())
        assert "130273" not in regions  # 唐山高新技术产业开发区

    def test_the_tree_is_consistent(self, regions) -> None:
        for row in regions.values():
            if row.level == "province":
                assert row.parent_code == "" and row.code.endswith("0000")
            elif row.level == "prefecture":
                assert regions[row.parent_code].level == "province"
                assert row.code[:2] == row.parent_code[:2] and row.code.endswith("00")
            else:
                parent = regions[row.parent_code]
                assert parent.level in {"prefecture", "province"}
                shared = 4 if parent.level == "prefecture" else 2
                assert row.code[:shared] == parent.code[:shared]

    def test_every_province_has_children(self, regions) -> None:
        parents = {row.parent_code for row in regions.values()}
        mainland = [
            code
            for code, row in regions.items()
            if row.level == "province" and code[:2] not in {"71", "81", "82"}
        ]
        assert all(code in parents for code in mainland)

    def test_names_are_simplified_chinese(self, regions) -> None:
        for row in regions.values():
            assert CJK_NAME.fullmatch(row.name), row
            assert not TRADITIONAL & set(row.name), row


class TestIndustries:
    def test_it_has_all_20_sections_and_97_divisions(self, industries) -> None:
        sections = [code for code, row in industries.items() if row.level == "section"]
        divisions = [code for code, row in industries.items() if row.level == "division"]
        assert sections == list("ABCDEFGHIJKLMNOPQRST")
        assert divisions == [f"{n:02d}" for n in range(1, 98)]

    @pytest.mark.parametrize(
        ("code", "name", "parent"),
        [
            ("A", "农、林、牧、渔业", ""),
            ("05", "农、林、牧、渔专业及辅助性活动", "A"),
            ("13", "农副食品加工业", "C"),
            ("39", "计算机、通信和其他电子设备制造业", "C"),
            ("43", "金属制品、机械和设备修理业", "C"),
            ("I", "信息传输、软件和信息技术服务业", ""),
            ("65", "软件和信息技术服务业", "I"),
            ("M", "科学研究和技术服务业", ""),
            ("73", "研究和试验发展", "M"),
            ("75", "科技推广和应用服务业", "M"),
            ("97", "国际组织", "T"),
        ],
    )
    def test_it_has_the_official_names(self, industries, code: str, name: str, parent: str) -> None:
        assert (industries[code].name, industries[code].parent_code) == (name, parent)

    def test_divisions_are_grouped_in_consecutive_ranges(self, industries) -> None:
        parents = [row.parent_code for row in industries.values() if row.level == "division"]
        assert parents == sorted(parents)
        assert Counter(parents)["C"] == 31


class TestTechDomains:
    def test_it_has_the_eight_domains(self, tech_domains) -> None:
        domains = [row.name for row in tech_domains.values() if row.level == "domain"]
        assert domains == [
            "电子信息",
            "生物与新医药",
            "航空航天",
            "新材料",
            "高技术服务",
            "新能源与节能",
            "资源与环境",
            "先进制造与自动化",
        ]

    def test_it_has_the_subdomains_of_each_domain(self, tech_domains) -> None:
        counts = Counter(row.parent_code for row in tech_domains.values() if row.level == "subdomain")
        assert counts == {"1": 8, "2": 7, "3": 2, "4": 6, "5": 8, "6": 4, "7": 8, "8": 9}
        electronics = [row.name for row in tech_domains.values() if row.parent_code == "1"]
        assert electronics == [
            "软件",
            "微电子技术",
            "计算机产品及其网络应用技术",
            "通信技术",
            "广播影视技术",
            "新型电子元器件",
            "信息安全技术",
            "智能交通和轨道交通技术",
        ]
        assert tech_domains["8.9"].name == "传统文化产业改造技术"


class TestBadFiles:
    def write(self, tmp_path: Path, body: str) -> Path:
        path = tmp_path / "regions.csv"
        path.write_text(HEADER + body, encoding="utf-8")
        return path

    def test_it_loads_a_deployments_own_file_with_a_byte_order_mark(self, tmp_path: Path) -> None:
        path = tmp_path / "regions.csv"
        path.write_text(
            "\ufeff" + HEADER + "210000,辽宁省,,province\n210200,大连市,210000,prefecture\n", encoding="utf-8"
        )
        assert [row.code for row in load_regions(path)] == ["210000", "210200"]

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (
                "210000,辽宁省,,province\n21020,大连市,210000,prefecture\n",
                "第3行 code 字段：代码“21020”不符合地级的代码格式",
            ),
            ("210000,辽宁省,,province\n210200,大连市,210000,city\n", "第3行 level 字段：层级“city”未知"),
            (
                "210000,辽宁省,,province\n210204,沙河口区,210200,county\n",
                "第3行 parent_code 字段：上级代码“210200”在文件中不存在",
            ),
            ("210000,辽宁省,,province\n210200,,210000,prefecture\n", "第3行 name 字段：名称不能为空"),
            ("210000,辽宁省,,province\n210000,辽宁,,province\n", "第3行 code 字段：代码“210000”与第2行重复"),
            (
                "210000,辽宁省,,province\n370200,青岛市,210000,prefecture\n",
                "第3行 parent_code 字段：上级代码“210000”（省级）不能作为“370200”（地级）的上级",
            ),
            (
                "210000,辽宁省,,province\n210200,大连市,,prefecture\n",
                "第3行 parent_code 字段：上级代码不能为空",
            ),
            ("210000,辽宁省,,province\n210200,大连市,210000\n", "第3行应有4列，实际为3列"),
        ],
    )
    def test_it_names_the_file_row_and_field(self, tmp_path: Path, body: str, message: str) -> None:
        path = self.write(tmp_path, body)
        with pytest.raises(ReferenceFileError) as excinfo:
            load_regions(path)
        assert message in reference_error_text(excinfo.value)
        assert reference_error_text(excinfo.value).startswith(f"行政区划文件 {path} ")

    def test_it_requires_the_header(self, tmp_path: Path) -> None:
        path = tmp_path / "industries.csv"
        path.write_text("代码,名称\nA,农、林、牧、渔业\n", encoding="utf-8")
        with pytest.raises(ReferenceFileError) as excinfo:
            load_industries(path)
        assert reference_error_text(excinfo.value) == f"国民经济行业分类文件 {path} 第1行应为表头 code,name,parent_code,level。"
