"""Community workers and grid workers, the 三岗十八级 salary scale, adjustments and housing fund.

Configuration (scale, rules, norms, targets) is versioned by an effective date: the version in force
on a day is the latest one whose `effective_from` is on or before it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianfu.core.models import TimeStampedModel


class WorkerKind(models.TextChoices):
    COMMUNITY = "community", _("社区工作者")
    GRID = "grid", _("专职网格员")


class Post(models.TextChoices):
    HEAD = "head", _("正职")
    DEPUTY = "deputy", _("副职")
    OTHER = "other", _("其他")


class Education(models.TextChoices):
    HIGH_SCHOOL = "high_school", _("高中及以下")
    SECONDARY = "secondary", _("中专")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTORATE = "doctorate", _("博士研究生")


class Certificate(models.TextChoices):
    NONE = "", _("无")
    ASSISTANT = "assistant", _("助理社会工作师")
    SOCIAL_WORKER = "social_worker", _("社会工作师")
    SENIOR = "senior", _("高级社会工作师")


class Status(models.TextChoices):
    SERVING = "serving", _("在岗")
    LEFT = "left", _("离职")
    TRANSFERRED = "transferred", _("调出")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    BASIC = "basic", _("基本合格")
    FAIL = "fail", _("不合格")


class RecruitmentKind(models.TextChoices):
    GRADUATE = "graduate", _("高校毕业生招聘")
    HIGH_LEVEL = "high_level", _("高层次人才引进")
    OPEN = "open", _("社会公开招聘")


class RecruitmentBatch(TimeStampedModel):
    name = models.CharField(_("批次名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("招聘类型"), max_length=16, choices=RecruitmentKind.choices)
    planned = models.PositiveIntegerField(_("计划招聘人数"), default=0)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("招聘批次")
        verbose_name_plural = _("招聘批次")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Worker(TimeStampedModel):
    """One community worker or grid worker.

    The ID number is never stored in clear: `id_hash` (keyed HMAC) enforces uniqueness,
    `id_encrypted` (Fernet) lets the masked form be shown, `id_last4` helps people find a record.
    """

    name = models.CharField(_("姓名"), max_length=40, db_index=True)
    kind = models.CharField(
        _("人员类别"), max_length=12, choices=WorkerKind.choices, default=WorkerKind.COMMUNITY
    )
    id_hash = models.CharField(_("身份证号摘要"), max_length=64, unique=True, editable=False)
    id_encrypted = models.TextField(_("身份证号密文"), editable=False)
    id_last4 = models.CharField(_("身份证号后四位"), max_length=4, db_index=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    certificate = models.CharField(
        _("社工职业资格"), max_length=16, choices=Certificate.choices, blank=True, default=""
    )
    certificate_date = models.DateField(_("取得资格日期"), null=True, blank=True)
    post = models.CharField(_("岗位"), max_length=8, choices=Post.choices, default=Post.OTHER)
    grade = models.PositiveSmallIntegerField(_("等级"))
    monthly_pay = models.DecimalField(_("月薪（元）"), max_digits=9, decimal_places=2)
    hire_date = models.DateField(_("入职日期"))
    unit = models.ForeignKey(
        "regions.Unit",
        verbose_name=_("所属社区/网格"),
        on_delete=models.PROTECT,
        related_name="workers",
        help_text=_("社区工作者挂社区；网格员挂网格（尚无网格时挂社区）"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SERVING)
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    recruitment_batch = models.ForeignKey(
        RecruitmentBatch,
        verbose_name=_("招聘批次"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
    )
    synthetic = models.BooleanField(_("模拟数据"), default=False)

    class Meta:
        verbose_name = _("社区工作者")
        verbose_name_plural = _("社区工作者")
        ordering = ["unit__code", "post", "-grade", "name"]
        indexes = [models.Index(fields=["status", "kind"], name="worker_status_kind_idx")]

    def __str__(self) -> str:
        return self.name


class AnnualAssessment(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=12, choices=AssessmentResult.choices)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["worker", "year"]
        constraints = [models.UniqueConstraint(fields=["worker", "year"], name="assessment_unique_year")]

    def __str__(self) -> str:
        return f"{self.worker} {self.year} {self.get_result_display()}"


class VersionedConfig(TimeStampedModel):
    effective_from = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("设置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-effective_from", "-id"]


class SalaryScale(VersionedConfig):
    """One version of the 三岗十八级 scale with its allowances and housing-fund parameters."""

    certificate_allowance_assistant = models.DecimalField(
        _("助理社会工作师津贴（元/月）"), max_digits=8, decimal_places=2, default=200
    )
    certificate_allowance_social_worker = models.DecimalField(
        _("社会工作师津贴（元/月）"), max_digits=8, decimal_places=2, default=350
    )
    certificate_allowance_senior = models.DecimalField(
        _("高级社会工作师津贴（元/月）"), max_digits=8, decimal_places=2, default=500
    )
    housing_fund_rate = models.DecimalField(
        _("公积金缴存比例"),
        max_digits=4,
        decimal_places=3,
        default="0.120",
        help_text=_("5%–12%，填 0.05–0.12"),
    )
    housing_fund_base_min = models.DecimalField(
        _("缴存基数下限（元）"), max_digits=9, decimal_places=2, default=1980
    )
    housing_fund_base_max = models.DecimalField(
        _("缴存基数上限（元）"), max_digits=9, decimal_places=2, default=25000
    )

    class Meta(VersionedConfig.Meta):
        verbose_name = _("薪酬标准")
        verbose_name_plural = _("薪酬标准")

    def __str__(self) -> str:
        return f"薪酬标准（{self.effective_from} 起）"


class PostRange(models.Model):
    scale = models.ForeignKey(SalaryScale, on_delete=models.CASCADE, related_name="post_ranges")
    post = models.CharField(_("岗位"), max_length=8, choices=Post.choices)
    min_grade = models.PositiveSmallIntegerField(_("最低等级"))
    max_grade = models.PositiveSmallIntegerField(_("最高等级"))

    class Meta:
        verbose_name = _("岗位等级范围")
        verbose_name_plural = _("岗位等级范围")
        constraints = [
            models.UniqueConstraint(fields=["scale", "post"], name="post_range_unique"),
            models.CheckConstraint(
                condition=Q(min_grade__lte=models.F("max_grade")), name="post_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.min_grade}–{self.max_grade}级"


class SalaryGrade(models.Model):
    scale = models.ForeignKey(SalaryScale, on_delete=models.CASCADE, related_name="grades")
    post = models.CharField(_("岗位"), max_length=8, choices=Post.choices)
    grade = models.PositiveSmallIntegerField(_("等级"))
    monthly_pay = models.DecimalField(_("岗位等级工资（元/月）"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("等级工资")
        verbose_name_plural = _("等级工资")
        ordering = ["post", "grade"]
        constraints = [models.UniqueConstraint(fields=["scale", "post", "grade"], name="salary_grade_unique")]

    def __str__(self) -> str:
        return f"{self.get_post_display()}{self.grade}级 {self.monthly_pay}元"


class Allowance(models.Model):
    """A monthly allowance paid on top of the grade pay, to every worker or to one post."""

    scale = models.ForeignKey(SalaryScale, on_delete=models.CASCADE, related_name="allowances")
    name = models.CharField(_("津贴名称"), max_length=60)
    amount = models.DecimalField(_("金额（元/月）"), max_digits=8, decimal_places=2)
    post = models.CharField(_("适用岗位"), max_length=8, choices=Post.choices, blank=True)

    class Meta:
        verbose_name = _("津贴补贴")
        verbose_name_plural = _("津贴补贴")

    def __str__(self) -> str:
        return f"{self.name} {self.amount}元"


class AdjustmentRules(VersionedConfig):
    """The rules the adjustment engine applies (三岗十八级 晋级规则)."""

    years_per_grade = models.PositiveSmallIntegerField(_("每晋一级所需年限"), default=3)
    college_years = models.PositiveSmallIntegerField(_("大专折算年限"), default=0)
    bachelor_years = models.PositiveSmallIntegerField(_("本科折算年限"), default=3)
    master_years = models.PositiveSmallIntegerField(_("硕士折算年限"), default=5)
    doctorate_years = models.PositiveSmallIntegerField(_("博士折算年限"), default=7)
    assistant_bonus = models.PositiveSmallIntegerField(_("助理社会工作师加级"), default=1)
    social_worker_bonus = models.PositiveSmallIntegerField(_("社会工作师加级"), default=2)
    senior_bonus = models.PositiveSmallIntegerField(_("高级社会工作师加级"), default=3)
    excellent_bonus = models.PositiveSmallIntegerField(_("年度考核优秀加级"), default=1)
    fail_holds = models.BooleanField(_("考核不合格当年不晋级"), default=True)
    basic_holds = models.BooleanField(_("考核基本合格当年不晋级"), default=False)

    class Meta(VersionedConfig.Meta):
        verbose_name = _("晋级规则")
        verbose_name_plural = _("晋级规则")

    def __str__(self) -> str:
        return f"晋级规则（{self.effective_from} 起）"


class StaffingNorm(VersionedConfig):
    """Workers a community should have, by households (defaults: Taiyuan's standard)."""

    tiers = models.JSONField(
        _("户数分档"),
        default=list,
        help_text=_("[[户数上限, 人数], ...] 按户数升序，例如 [[2000, 3], [3000, 4]]"),
    )
    step_households = models.PositiveIntegerField(_("超出最高档后每增加户数"), default=500)
    step_workers = models.PositiveSmallIntegerField(_("每档增加人数"), default=1)
    max_workers = models.PositiveSmallIntegerField(_("每社区最多人数"), default=17)
    certified_only = models.BooleanField(
        _("只计持证社工"),
        default=True,
        help_text=_("按社会工作者（持社工职业资格）计算配备；否则计全部社区工作者"),
    )
    ratio_target = models.DecimalField(
        _("每万城镇常住人口社区工作者目标数"), max_digits=5, decimal_places=1, default=18
    )

    class Meta(VersionedConfig.Meta):
        verbose_name = _("配备标准")
        verbose_name_plural = _("配备标准")

    def __str__(self) -> str:
        return f"配备标准（{self.effective_from} 起）"


class UrbanResidents(models.Model):
    """Urban resident population of a district or city in a year: the ratio's denominator."""

    unit = models.ForeignKey("regions.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    residents = models.PositiveIntegerField(_("城镇常住人口"))
    synthetic = models.BooleanField(_("模拟数据"), default=False)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("城镇常住人口")
        verbose_name_plural = _("城镇常住人口")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="urban_residents_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.residents}"


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")


class AdjustmentBatch(TimeStampedModel):
    """One run of the engine for a community or street: a set of proposals approved together."""

    unit = models.ForeignKey(
        "regions.Unit", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+"
    )
    review_date = models.DateField(_("核定基准日"))
    effective_on = models.DateField(_("调整生效日期"))
    rules = models.ForeignKey(AdjustmentRules, on_delete=models.PROTECT, related_name="+")
    scale = models.ForeignKey(SalaryScale, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.PROPOSED
    )
    created_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("调级批次")
        verbose_name_plural = _("调级批次")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.review_date} 调级"

    @property
    def code(self) -> str:
        return self.unit.code


class AdjustmentProposal(models.Model):
    batch = models.ForeignKey(AdjustmentBatch, on_delete=models.CASCADE, related_name="proposals")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="proposals")
    from_grade = models.PositiveSmallIntegerField(_("原等级"))
    to_grade = models.PositiveSmallIntegerField(_("拟调等级"))
    from_pay = models.DecimalField(_("原月薪"), max_digits=9, decimal_places=2)
    to_pay = models.DecimalField(_("拟调月薪"), max_digits=9, decimal_places=2)
    reason = models.TextField(_("调整理由"))
    included = models.BooleanField(_("纳入审批"), default=True)

    class Meta:
        verbose_name = _("调级建议")
        verbose_name_plural = _("调级建议")
        ordering = ["worker__name"]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.from_grade}→{self.to_grade}"


class AdjustmentOrder(TimeStampedModel):
    """A grade and pay in force for a worker from a date. The history of a worker's pay."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="orders")
    effective_on = models.DateField(_("生效日期"))
    from_grade = models.PositiveSmallIntegerField(_("原等级"), null=True, blank=True)
    to_grade = models.PositiveSmallIntegerField(_("新等级"))
    from_pay = models.DecimalField(_("原月薪"), max_digits=9, decimal_places=2, null=True, blank=True)
    to_pay = models.DecimalField(_("新月薪"), max_digits=9, decimal_places=2)
    reason = models.TextField(_("理由"), blank=True)
    batch = models.ForeignKey(
        AdjustmentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    approved_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("调级令")
        verbose_name_plural = _("调级令")
        ordering = ["worker", "effective_on", "id"]
        indexes = [models.Index(fields=["effective_on"], name="order_effective_idx")]


class HousingFundContribution(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="housing_fund")
    month = models.DateField(_("月份"), help_text=_("该月 1 日"))
    base = models.DecimalField(_("缴存基数"), max_digits=9, decimal_places=2)
    rate = models.DecimalField(_("缴存比例"), max_digits=4, decimal_places=3)
    employer_amount = models.DecimalField(_("单位缴存"), max_digits=8, decimal_places=2)
    personal_amount = models.DecimalField(_("个人缴存"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("公积金缴存")
        verbose_name_plural = _("公积金缴存")
        ordering = ["-month", "worker"]
        constraints = [models.UniqueConstraint(fields=["worker", "month"], name="housing_fund_unique_month")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m}"


class PromotionKind(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("考录为公务员")
    PUBLIC_INSTITUTION = "public_institution", _("招聘为事业编制人员")
    SECRETARY = "secretary", _("选拔为社区党组织书记")
    OTHER = "other", _("其他晋升")


class PromotionRecord(TimeStampedModel):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="promotions")
    kind = models.CharField(_("类型"), max_length=20, choices=PromotionKind.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("晋升与转出")
        verbose_name_plural = _("晋升与转出")
        ordering = ["-date"]
