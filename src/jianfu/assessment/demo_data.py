"""Synthetic direct reports for the demo: what departments push on communities, as communities retell it.

(department code, channel, what was asked, violation type the office confirms; "" = dismissed).
Written from DOMAIN.md's examples of work that is not for communities; invented, labelled synthetic.
"""

from __future__ import annotations

VIOLATIONS: list[tuple[str, str, str, str]] = [
    (
        "D04",
        "document",
        "市场监管局发文要求社区对辖区沿街商户逐户开展食品安全检查，发现问题当场责令整改并拍照上传。",
        "negative_work",
    ),
    (
        "D16",
        "phone",
        "税务部门电话通知社区协助催缴辖区个体工商户欠缴的税款，每周报送完成进度。",
        "negative_work",
    ),
    (
        "D25",
        "meeting",
        "发改委会议部署，每个社区年内完成招商引资任务，至少对接引进一家企业落户。",
        "negative_work",
    ),
    (
        "D10",
        "chat_group",
        "医保局在工作群要求社区每天下午五点前报送城乡居民医保参保缴费人数，并在群里通报排名。",
        "formalism",
    ),
    (
        "D05",
        "phone",
        "派出所电话要求社区为辖区一名求职居民出具无违法犯罪记录的证明并加盖社区公章。",
        "certificate",
    ),
    ("D01", "document", "民政部门通知要求社区为办理收养登记的居民出具婚姻状况证明。", "certificate"),
    ("D14", "document", "教育局招生通知要求社区为入学儿童家长出具亲属关系和实际居住的证明。", "certificate"),
    (
        "D19",
        "app",
        "文旅局要求社区组织居民下载文旅 APP 并每日打卡签到，下载完成率纳入年底考核。",
        "formalism",
    ),
    ("D12", "meeting", "城管执法局会议要求社区作为责任主体牵头拆除辖区违法建设，限期完成。", "negative_work"),
    (
        "D13",
        "document",
        "生态环境局要求社区对辖区小作坊排污情况开展检查，并出具周边水质达标的证明材料。",
        "negative_work",
    ),
    (
        "D06",
        "document",
        "住建局要求社区对辖区老旧楼房开展房屋安全鉴定，并出具房屋安全证明。",
        "negative_work",
    ),
    (
        "D17",
        "chat_group",
        "自然资源局在工作群要求社区每天开展违法占地巡查，填报巡查台账并上传照片。",
        "unadmitted",
    ),
    ("D18", "phone", "农牧局电话要求社区统计辖区内养殖户和畜禽存栏数量，每周一上报。", "unadmitted"),
    (
        "D20",
        "document",
        "体育局通知要求每个社区组织不少于 50 名居民报名参加全民健身赛事，报名人数纳入考核。",
        "unadmitted",
    ),
    (
        "D21",
        "meeting",
        "信访局会议要求各社区签订信访维稳目标责任书，出现越级上访的追究社区责任。",
        "negative_work",
    ),
    ("D22", "document", "市总工会下达指标，要求每个社区发展新就业形态劳动者入会 30 人。", "unadmitted"),
    ("D23", "chat_group", "团市委要求社区每周在工作群上传青年志愿服务活动照片，作为工作留痕。", "formalism"),
    ("D27", "phone", "交通运输局要求社区向居民代办 ETC，每个社区完成 40 户办理指标。", "negative_work"),
    (
        "D02",
        "meeting",
        "人社局会议要求社区工作人员向居民推销商业养老保险产品，完成销售任务。",
        "negative_work",
    ),
    (
        "D07",
        "document",
        "应急管理局要求社区与辖区商铺签订安全生产目标责任书，并作为第一责任人。",
        "negative_work",
    ),
    (
        "D03",
        "chat_group",
        "卫健委在工作群要求社区每天报送辖区老年人疫苗接种人数，未完成的在群里点名。",
        "formalism",
    ),
    (
        "D08",
        "document",
        "统计局要求社区作为普查责任单位，牵头组织开展辖区经济普查并对数据质量负责。",
        "negative_work",
    ),
    ("D09", "phone", "退役军人事务局电话要求社区为领取优抚金的老兵出具健在证明。", "certificate"),
    ("D11", "document", "残联要求社区为申请补贴的居民出具残疾状况证明。", "certificate"),
]

# Reports the office dismisses: the work was admitted or on the lists.
DISMISSED: list[tuple[str, str, str, str]] = [
    (
        "D01",
        "document",
        "民政局通知请社区配合做好低保申请家庭的入户调查，核实家庭收入和财产情况。",
        "属于协助政府工作事项清单，经费随事转，不属违规。",
    ),
    (
        "D03",
        "document",
        "卫健委请社区通知辖区 65 岁以上老年人到社区卫生服务中心参加免费健康体检。",
        "已列入准入事项目录，不属违规。",
    ),
    (
        "D07",
        "meeting",
        "应急管理局请社区开展防汛防灾减灾宣传，组织居民参加应急疏散演练。",
        "属于协助事项清单，不属违规。",
    ),
    (
        "D09",
        "phone",
        "退役军人事务局请社区为新增退役军人家庭悬挂光荣牌并登记走访情况。",
        "属于协助事项清单，不属违规。",
    ),
    (
        "D15",
        "document",
        "司法局请社区人民调解委员会及时调解邻里漏水纠纷。",
        "属于社区依法履职事项，不属违规。",
    ),
]

# A department that keeps pushing after a notice is named again the next year.
REPEATERS = ("D04", "D10", "D16", "D19", "D12")

# Certificates residents ask communities for, as staff log them (refused ones are on the negative list).
CERTIFICATES_REFUSED = [
    "无犯罪记录证明",
    "亲属关系证明",
    "婚姻状况证明",
    "健在证明",
    "居民就业状况证明",
    "居民财产证明",
    "证件遗失证明",
    "出生证明",
]
CERTIFICATES_ISSUED = ["居住证明", "参加社区活动证明", "在职党员到社区报到情况反馈", "社区志愿服务证明"]
REQUESTERS = ["某银行网点", "某派出所", "某学校", "某用人单位", "某保险公司", "区人社局窗口", ""]
