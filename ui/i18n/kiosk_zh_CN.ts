<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
    <context>
        <name>AppointmentBookedScreen</name>
        <message>
            <source>Your appointment is booked</source>
            <translation>预约成功</translation>
        </message>
        <message>
            <source>Please arrive 10 minutes early with your ID card and materials.</source>
            <translation>请提前10分钟到达，带好身份证和材料。</translation>
        </message>
        <message>
            <source>My appointments</source>
            <translation>我的预约</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Appointment code</source>
            <translation>预约码</translation>
        </message>
        <message>
            <source>Show this code at the hall</source>
            <translation>到大厅出示此码</translation>
        </message>
    </context>
    <context>
        <name>AppointmentSlotsScreen</name>
        <message>
            <source>Book an appointment</source>
            <translation>预约办理</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>步行%1分钟</translation>
        </message>
        <message>
            <source>Booking needs the network, which is down. Try again later, or ask staff.</source>
            <translation>预约需要网络，目前网络中断。请稍后再试，或请工作人员帮忙。</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Earlier</source>
            <translation>更早</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>更晚</translation>
        </message>
        <message numerus="yes">
            <source>%n place(s) left</source>
            <translation>
                <numerusform>剩余%n个名额</numerusform>
            </translation>
        </message>
        <message>
            <source>Full</source>
            <translation>已约满</translation>
        </message>
        <message>
            <source>No free time on this day. Choose another day.</source>
            <translation>这一天已约满，请选择其他日期。</translation>
        </message>
        <message>
            <source>Your choice: %1</source>
            <translation>已选：%1</translation>
        </message>
        <message>
            <source>Choose a time</source>
            <translation>请选择时间</translation>
        </message>
        <message>
            <source>Identify and book</source>
            <translation>验证身份并预约</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>预约</translation>
        </message>
    </context>
    <context>
        <name>CodeScreen</name>
        <message>
            <source>Confirm with a code sent to your phone</source>
            <translation>用手机验证码确认</translation>
        </message>
        <message>
            <source>We sent a 6-digit code to the phone number ending in %1.</source>
            <translation>验证码（6位）已发送到尾号 %1 的手机。</translation>
        </message>
        <message>
            <source>This service needs a second check. We will text a code to your registered phone.</source>
            <translation>此事项需要再次核验身份，我们将向您登记的手机发送验证码。</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>发送验证码</translation>
        </message>
        <message>
            <source>Resend in %1 s</source>
            <translation>%1 秒后可重发</translation>
        </message>
        <message>
            <source>Resend code</source>
            <translation>重新发送</translation>
        </message>
    </context>
    <context>
        <name>DeliveryChoice</name>
        <message>
            <source>Printed here and now</source>
            <translation>当场打印</translation>
        </message>
        <message>
            <source>Collect at a service hall</source>
            <translation>到服务大厅领取</translation>
        </message>
        <message>
            <source>Posted to you (express mail)</source>
            <translation>证照快递到家</translation>
        </message>
        <message>
            <source>How do you want the result?</source>
            <translation>结果怎么领取？</translation>
        </message>
        <message>
            <source>You take the result with you today.</source>
            <translation>今天当场拿到结果。</translation>
        </message>
        <message>
            <source>Expected by %1</source>
            <translation>预计%1前办结</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>步行%1分钟</translation>
        </message>
    </context>
    <context>
        <name>DockPanel</name>
        <message>
            <source>›</source>
            <translation>›</translation>
        </message>
        <message>
            <source>‹</source>
            <translation>‹</translation>
        </message>
        <message>
            <source>Developer dock</source>
            <translation>开发调试面板</translation>
        </message>
        <message>
            <source>Place ID card</source>
            <translation>放置身份证</translation>
        </message>
        <message>
            <source>Lift ID card</source>
            <translation>取走身份证</translation>
        </message>
        <message>
            <source>Insert citizen card</source>
            <translation>插入市民卡</translation>
        </message>
        <message>
            <source>Remove citizen card</source>
            <translation>拔出市民卡</translation>
        </message>
        <message>
            <source>Technician card</source>
            <translation>运维人员卡</translation>
        </message>
        <message>
            <source>Show e-ID QR</source>
            <translation>出示电子证照码</translation>
        </message>
        <message>
            <source>Show document</source>
            <translation>放置材料</translation>
        </message>
        <message>
            <source>Clear camera</source>
            <translation>移开材料</translation>
        </message>
        <message>
            <source>Paper out</source>
            <translation>打印机缺纸</translation>
        </message>
        <message>
            <source>Printer ready</source>
            <translation>打印机就绪</translation>
        </message>
        <message>
            <source>Cut network</source>
            <translation>断开网络</translation>
        </message>
        <message>
            <source>Slow network</source>
            <translation>网络缓慢</translation>
        </message>
        <message>
            <source>Network OK</source>
            <translation>网络正常</translation>
        </message>
    </context>
    <context>
        <name>FormField</name>
        <message>
            <source>From your card</source>
            <translation>来自您的证件</translation>
        </message>
        <message>
            <source>From city records</source>
            <translation>来自城市数据</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
    </context>
    <context>
        <name>FormScreen</name>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
    </context>
    <context>
        <name>HelpScreen</name>
        <message>
            <source>Help is on the way</source>
            <translation>工作人员马上就到</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>呼叫工作人员</translation>
        </message>
        <message>
            <source>A member of staff has been told and will come to this terminal. Please wait here.</source>
            <translation>已通知工作人员，马上到这台终端来帮您，请在此稍候。</translation>
        </message>
        <message>
            <source>We could not reach the staff desk. Please ask at the front desk.</source>
            <translation>暂时联系不上工作人员，请到前台咨询。</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Welcome. Choose a service, or identify yourself to start</source>
            <translation>欢迎！请选择事项，或先验证身份</translation>
        </message>
        <message>
            <source>Identify yourself</source>
            <translation>验证身份</translation>
        </message>
        <message>
            <source>Place your ID card on the reader</source>
            <translation>请把身份证放在读卡区</translation>
        </message>
        <message>
            <source>Lift it again after the beep</source>
            <translation>听到“嘀”声后取走</translation>
        </message>
        <message>
            <source>Service points and map</source>
            <translation>附近服务点和地图</translation>
        </message>
        <message>
            <source>12345 hotline</source>
            <translation>12345热线</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>全部事项</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>办事服务</translation>
        </message>
        <message>
            <source>The service list is not available right now. Identify yourself, or ask staff for help.</source>
            <translation>暂时无法显示事项列表。请先验证身份，或请工作人员帮忙。</translation>
        </message>
        <message>
            <source>Or insert your citizen card</source>
            <translation>或插入市民卡（社保卡）</translation>
        </message>
        <message>
            <source>Leave it in the slot until you finish</source>
            <translation>办完事项前请不要拔卡</translation>
        </message>
        <message>
            <source>Or show your e-ID QR code to the camera</source>
            <translation>或向摄像头出示电子身份证二维码</translation>
        </message>
        <message>
            <source>Open the e-ID in your phone's government app</source>
            <translation>在手机政务App中打开电子身份证</translation>
        </message>
        <message>
            <source>My bookings</source>
            <translation>我的预约</translation>
        </message>
        <message>
            <source>Track a case</source>
            <translation>查询办件进度</translation>
        </message>
        <message>
            <source>Ask staff for help</source>
            <translation>请工作人员帮忙</translation>
        </message>
    </context>
    <context>
        <name>IdentityScreen</name>
        <message>
            <source>Is this you?</source>
            <translation>请确认是您本人</translation>
        </message>
        <message>
            <source>Read from your citizen card</source>
            <translation>已读取您的市民卡</translation>
        </message>
        <message>
            <source>Confirmed with your e-ID</source>
            <translation>已通过电子身份证确认</translation>
        </message>
        <message>
            <source>Read from your ID card. You can take your card now.</source>
            <translation>已读取您的身份证，现在可以取走证件了。</translation>
        </message>
        <message>
            <source>Not you? Exit</source>
            <translation>不是本人？退出</translation>
        </message>
        <message>
            <source>Yes, continue</source>
            <translation>是我，继续</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <source>Are you still there?</source>
            <translation>您还在吗？</translation>
        </message>
        <message>
            <source>For your privacy this session will end and everything you entered will be erased.</source>
            <translation>为保护您的隐私，本次办理即将结束，已填写的内容将全部清除。</translation>
        </message>
        <message>
            <source>Exit now</source>
            <translation>立即退出</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续办理</translation>
        </message>
    </context>
    <context>
        <name>LeaveKioskPanel</name>
        <message>
            <source>Leave the kiosk</source>
            <translation>退出自助终端</translation>
        </message>
        <message>
            <source>Residents cannot use this terminal until the kiosk is started again (systemctl start kiosk, or a restart). Leave now?</source>
            <translation>退出后，居民将无法使用本终端，直到重新启动自助终端程序（systemctl start kiosk 或重启设备）。确定现在退出吗？</translation>
        </message>
        <message>
            <source>Stops the kiosk app for maintenance at the console.</source>
            <translation>停止自助终端程序，以便在控制台进行维护。</translation>
        </message>
        <message>
            <source>Leave now</source>
            <translation>确定退出</translation>
        </message>
        <message>
            <source>Stay</source>
            <translation>留在运维界面</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Neighbourhood service kiosk</source>
            <translation>社区政务服务自助终端</translation>
        </message>
    </context>
    <context>
        <name>MaterialsScreen</name>
        <message>
            <source>Documents</source>
            <translation>上传材料</translation>
        </message>
        <message>
            <source>Already on file, nothing to do</source>
            <translation>已有存档，无需提交</translation>
        </message>
        <message>
            <source>%1 of %2 pages</source>
            <translation>已拍 %1 / %2 页</translation>
        </message>
        <message>
            <source>(optional)</source>
            <translation>（可选）</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>All documents are in. Tap Next.</source>
            <translation>材料已齐全，请点“下一步”。</translation>
        </message>
        <message>
            <source>Put the document under the camera</source>
            <translation>请把材料放在摄像头下</translation>
        </message>
        <message>
            <source>×</source>
            <translation>×</translation>
        </message>
        <message>
            <source>Take picture</source>
            <translation>拍照</translation>
        </message>
    </context>
    <context>
        <name>MyAppointmentsScreen</name>
        <message>
            <source>My appointments</source>
            <translation>我的预约</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Code %1</source>
            <translation>预约码 %1</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消预约</translation>
        </message>
        <message>
            <source>Previous page</source>
            <translation>上一页</translation>
        </message>
        <message>
            <source>Page %1 of %2</source>
            <translation>第%1页，共%2页</translation>
        </message>
        <message>
            <source>Next page</source>
            <translation>下一页</translation>
        </message>
    </context>
    <context>
        <name>NumericKeypad</name>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>0</source>
            <translation>0</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
    </context>
    <context>
        <name>PointRow</name>
        <message>
            <source>%1 min walk</source>
            <translation>步行%1分钟</translation>
        </message>
        <message>
            <source>Open until %1</source>
            <translation>开放至%1</translation>
        </message>
        <message>
            <source>Open now</source>
            <translation>正在开放</translation>
        </message>
        <message>
            <source>Closed, opens %1</source>
            <translation>已关门，%1开门</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已关门</translation>
        </message>
        <message numerus="yes">
            <source>%n waiting</source>
            <translation>
                <numerusform>%n人排队</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RatingScreen</name>
        <message>
            <source>How was this errand?</source>
            <translation>您对这次办事满意吗？</translation>
        </message>
        <message>
            <source>What went wrong? Choose any.</source>
            <translation>哪里不满意？可多选。</translation>
        </message>
        <message>
            <source>Anything else you want to tell us (optional)</source>
            <translation>还想告诉我们什么（可不填）</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>跳过</translation>
        </message>
        <message>
            <source>Send rating</source>
            <translation>提交评价</translation>
        </message>
    </context>
    <context>
        <name>ReadingScreen</name>
        <message>
            <source>Reading your card…</source>
            <translation>正在读取证件…</translation>
        </message>
        <message>
            <source>Keep the card still until you hear the beep</source>
            <translation>请保持证件不动，听到“嘀”声即可</translation>
        </message>
    </context>
    <context>
        <name>ReceiptScreen</name>
        <message>
            <source>Saved. It will be sent when the network is back</source>
            <translation>已保存，网络恢复后自动提交</translation>
        </message>
        <message>
            <source>Your application has been sent</source>
            <translation>您的申请已提交</translation>
        </message>
        <message>
            <source>Your receipt is valid. You do not need to come back.</source>
            <translation>回执有效，您无需再跑一趟。</translation>
        </message>
        <message>
            <source>You will get a text message when there is news.</source>
            <translation>办理有进展时会短信通知您。</translation>
        </message>
        <message>
            <source>Tracking code</source>
            <translation>查询码</translation>
        </message>
        <message>
            <source>Posted to %1 by %2</source>
            <translation>邮寄到%1，预计%2前寄出</translation>
        </message>
        <message>
            <source>Collect at %1 (%2), %3, from %4</source>
            <translation>到%1领取（%2），%3，%4起可领</translation>
        </message>
        <message>
            <source>Questions: call %1</source>
            <translation>如有疑问请拨打%1</translation>
        </message>
        <message>
            <source>Please take your printed receipt.</source>
            <translation>请取走打印的回执。</translation>
        </message>
        <message>
            <source>The receipt could not be printed. Photograph this QR code instead.</source>
            <translation>回执未能打印，请用手机拍下此二维码。</translation>
        </message>
        <message>
            <source>Remember to take your ID card.</source>
            <translation>请记得带走您的身份证。</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
    </context>
    <context>
        <name>ReviewScreen</name>
        <message>
            <source>Check and sign</source>
            <translation>核对并签名</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>on file</source>
            <translation>已存档</translation>
        </message>
        <message numerus="yes">
            <source>%n page(s)</source>
            <translation>
                <numerusform>%n 页</numerusform>
            </translation>
        </message>
        <message>
            <source>I confirm the information is true and agree that it is sent to the service office.</source>
            <translation>本人确认以上信息真实，同意提交至办理部门。</translation>
        </message>
        <message>
            <source>Sign here with your finger</source>
            <translation>请用手指在此签名</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Clear signature</source>
            <translation>重新签名</translation>
        </message>
        <message>
            <source>Submit</source>
            <translation>提交</translation>
        </message>
    </context>
    <context>
        <name>ServiceDetailsScreen</name>
        <message>
            <source>Printed here and now</source>
            <translation>当场打印</translation>
        </message>
        <message>
            <source>Collect at a service hall</source>
            <translation>到服务大厅领取</translation>
        </message>
        <message>
            <source>Posted to you (express mail)</source>
            <translation>证照快递到家</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Done on the spot: the result is printed now</source>
            <translation>即办件：当场打印结果</translation>
        </message>
        <message numerus="yes">
            <source>Legal time limit: %n working day(s)</source>
            <translation>
                <numerusform>法定办结时限：%n个工作日</numerusform>
            </translation>
        </message>
        <message>
            <source>The hall tells you when the result is ready</source>
            <translation>办结时间由服务大厅告知</translation>
        </message>
        <message>
            <source>Free of charge</source>
            <translation>不收费</translation>
        </message>
        <message>
            <source>Identify with your ID card and a code sent to your phone</source>
            <translation>需刷身份证并输入手机验证码</translation>
        </message>
        <message>
            <source>Identify with your ID card, citizen card or e-ID</source>
            <translation>刷身份证、市民卡或电子证照即可</translation>
        </message>
        <message>
            <source>Nothing to bring</source>
            <translation>无需携带材料</translation>
        </message>
        <message>
            <source>What to bring</source>
            <translation>需要带的材料</translation>
        </message>
        <message>
            <source>(optional)</source>
            <translation>（可选）</translation>
        </message>
        <message>
            <source>on file for you, no need to bring it</source>
            <translation>已有存档，无需携带</translation>
        </message>
        <message>
            <source>After you identify with a phone code, the kiosk shows which of these the city already holds for you.</source>
            <translation>通过手机验证码验证身份后，会显示哪些材料政府已有存档，无需再带。</translation>
        </message>
        <message>
            <source>How you get the result</source>
            <translation>结果领取方式</translation>
        </message>
        <message>
            <source>by %1</source>
            <translation>%1前</translation>
        </message>
        <message>
            <source>Also done at</source>
            <translation>也可以在这些地方办理</translation>
        </message>
        <message>
            <source>Done at these places</source>
            <translation>可以在这些地方办理</translation>
        </message>
        <message>
            <source>%1 min walk</source>
            <translation>步行%1分钟</translation>
        </message>
        <message>
            <source>Open now</source>
            <translation>正在开放</translation>
        </message>
        <message>
            <source>Opens %1</source>
            <translation>%1开门</translation>
        </message>
        <message>
            <source>See on the map</source>
            <translation>在地图上查看</translation>
        </message>
        <message>
            <source>Print directions to the nearest</source>
            <translation>打印去最近服务点的路线</translation>
        </message>
        <message>
            <source>Start here</source>
            <translation>在本机办理</translation>
        </message>
    </context>
    <context>
        <name>ServicePointsScreen</name>
        <message>
            <source>Within a half-hour walk</source>
            <translation>半小时便民服务圈</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>No network: points and map as kept at %1. Opening times may have changed; booking needs the network.</source>
            <translation>网络中断：服务点和地图为%1保存的版本，开放时间可能已变；预约需要网络。</translation>
        </message>
        <message>
            <source>Service:</source>
            <translation>事项：</translation>
        </message>
        <message>
            <source>All services</source>
            <translation>全部事项</translation>
        </message>
        <message>
            <source>Show all</source>
            <translation>显示全部</translation>
        </message>
        <message>
            <source>No service point within a half-hour walk. Ask staff for the nearest one.</source>
            <translation>步行半小时内没有服务点。请向工作人员询问最近的服务点。</translation>
        </message>
        <message>
            <source>Print directions</source>
            <translation>打印路线</translation>
        </message>
        <message>
            <source>Book an appointment</source>
            <translation>预约办理</translation>
        </message>
        <message numerus="yes">
            <source>%n more point(s) over 30 minutes' walk away</source>
            <translation>
                <numerusform>另有%n个服务点步行超过30分钟</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ServicesScreen</name>
        <message>
            <source>Browse services</source>
            <translation>浏览办事事项</translation>
        </message>
        <message>
            <source>Choose a service</source>
            <translation>选择办事事项</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>首页</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Search: 居住证, residence, or initials like jzz</source>
            <translation>搜索：居住证、residence 或拼音首字母如 jzz</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>(at the service hall)</source>
            <translation>（需到大厅办理）</translation>
        </message>
        <message>
            <source>Nothing found. Try other words or ask staff.</source>
            <translation>没有找到，请换个词试试或询问工作人员。</translation>
        </message>
        <message>
            <source>Previous page</source>
            <translation>上一页</translation>
        </message>
        <message>
            <source>Next page</source>
            <translation>下一页</translation>
        </message>
        <message>
            <source>Page %1 of %2</source>
            <translation>第%1页，共%2页</translation>
        </message>
    </context>
    <context>
        <name>StartupTechnicianScreen</name>
        <message>
            <source>Technician screen</source>
            <translation>运维界面</translation>
        </message>
        <message>
            <source>Signed in with the PIN</source>
            <translation>已用运维密码登录</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Why the kiosk cannot start</source>
            <translation>终端无法启动的原因</translation>
        </message>
        <message>
            <source>Fault code</source>
            <translation>故障代码</translation>
        </message>
        <message>
            <source>The kiosk keeps trying by itself and opens once the fault is fixed. To fix it, leave the kiosk and run kiosk doctor at the console: it names the cause and the fix.</source>
            <translation>终端会自动重试，故障排除后即恢复服务。排除故障：请退出自助终端，在控制台运行 kiosk doctor，它会指出原因和修复方法。</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>终端</translation>
        </message>
        <message>
            <source>Terminal id</source>
            <translation>终端编号</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>安装位置</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>软件版本</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Online</source>
            <translation>在线</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message numerus="yes">
            <source>%n waiting to send</source>
            <translation>
                <numerusform>%n 件待提交</numerusform>
            </translation>
        </message>
        <message>
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <source>中文</source>
            <translation>中文</translation>
        </message>
        <message>
            <source>Standard mode</source>
            <translation>标准模式</translation>
        </message>
        <message>
            <source>Elder mode</source>
            <translation>长辈模式</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>呼叫工作人员</translation>
        </message>
    </context>
    <context>
        <name>Steps</name>
        <message>
            <source>Identity</source>
            <translation>身份核验</translation>
        </message>
        <message>
            <source>Form</source>
            <translation>填写表单</translation>
        </message>
        <message>
            <source>Materials</source>
            <translation>上传材料</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>核对签名</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>领取回执</translation>
        </message>
    </context>
    <context>
        <name>SubmittingScreen</name>
        <message>
            <source>Sending your application…</source>
            <translation>正在提交您的申请…</translation>
        </message>
        <message>
            <source>This takes a few seconds.</source>
            <translation>请稍候几秒。</translation>
        </message>
        <message>
            <source>The network is down. Your application is saved and will be sent automatically; your receipt is valid.</source>
            <translation>网络已断开。您的申请已保存，将自动提交，回执同样有效。</translation>
        </message>
    </context>
    <context>
        <name>TechnicianScreen</name>
        <message>
            <source>ID-card reader</source>
            <translation>身份证阅读器</translation>
        </message>
        <message>
            <source>Citizen-card reader</source>
            <translation>市民卡读卡器</translation>
        </message>
        <message>
            <source>Document camera</source>
            <translation>高拍仪</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>凭条打印机</translation>
        </message>
        <message>
            <source>QR decoder</source>
            <translation>二维码识别</translation>
        </message>
        <message>
            <source>working</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>degraded</source>
            <translation>部分可用</translation>
        </message>
        <message>
            <source>not connected</source>
            <translation>未连接</translation>
        </message>
        <message>
            <source>fault</source>
            <translation>故障</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Technician screen</source>
            <translation>运维界面</translation>
        </message>
        <message>
            <source>Signed in with card %1</source>
            <translation>已用运维人员卡登录（%1）</translation>
        </message>
        <message>
            <source>Signed in with the PIN</source>
            <translation>已用运维密码登录</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>终端</translation>
        </message>
        <message>
            <source>Terminal id</source>
            <translation>终端编号</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>安装位置</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>软件版本</translation>
        </message>
        <message>
            <source>Running for</source>
            <translation>已运行</translation>
        </message>
        <message>
            <source>City data hub</source>
            <translation>政务服务平台</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Enrolled</source>
            <translation>已注册</translation>
        </message>
        <message>
            <source>Answers</source>
            <translation>响应</translation>
        </message>
        <message>
            <source>yes, in %1</source>
            <translation>正常，用时 %1</translation>
        </message>
        <message>
            <source>no (%1)</source>
            <translation>无响应（%1）</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>时钟</translation>
        </message>
        <message>
            <source>Submissions queue</source>
            <translation>待发送队列</translation>
        </message>
        <message>
            <source>Waiting to send</source>
            <translation>等待发送</translation>
        </message>
        <message>
            <source>Oldest waiting</source>
            <translation>最早一笔已等待</translation>
        </message>
        <message>
            <source>Need attention</source>
            <translation>需人工处理</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>已发送</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>(required)</source>
            <translation>（必需）</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>检测</translation>
        </message>
        <message>
            <source>Print a test receipt</source>
            <translation>打印测试凭条</translation>
        </message>
        <message>
            <source>Read a card</source>
            <translation>读卡检测</translation>
        </message>
        <message>
            <source>Check the camera</source>
            <translation>摄像头检测</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>正在检测…</translation>
        </message>
        <message>
            <source>Last problems</source>
            <translation>最近的问题</translation>
        </message>
        <message>
            <source>No warnings or errors since the kiosk started.</source>
            <translation>自启动以来没有警告或错误。</translation>
        </message>
    </context>
    <context>
        <name>TechnicianSignInScreen</name>
        <message>
            <source>Technician sign-in</source>
            <translation>运维登录</translation>
        </message>
        <message>
            <source>Back to the start screen</source>
            <translation>返回首页</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Try again in %1 s, or use a technician card.</source>
            <translation>运维密码错误次数过多。请 %1 秒后再试，或使用运维人员卡。</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Try again in %1 s.</source>
            <translation>运维密码错误次数过多，请 %1 秒后再试。</translation>
        </message>
        <message>
            <source>The kiosk could not start, so technician cards cannot be checked now. Use the technician PIN.</source>
            <translation>终端未能启动，暂时无法核验运维人员卡。请使用运维密码登录。</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在核验…</translation>
        </message>
        <message>
            <source>Insert your technician card into the card slot</source>
            <translation>请将运维人员卡插入卡槽</translation>
        </message>
        <message>
            <source>The city data hub checks the card. Without the hub, use the PIN.</source>
            <translation>卡片由政务服务平台核验；连不上平台时，请使用运维密码。</translation>
        </message>
        <message>
            <source>Or enter the technician PIN</source>
            <translation>或输入运维密码</translation>
        </message>
        <message>
            <source>Enter the technician PIN</source>
            <translation>请输入运维密码</translation>
        </message>
    </context>
    <context>
        <name>TrackCaseScreen</name>
        <message>
            <source>Received</source>
            <translation>已收到申请</translation>
        </message>
        <message>
            <source>Result ready</source>
            <translation>已办结，待领取</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Accepted, under review</source>
            <translation>已受理，正在审核</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>未予受理</translation>
        </message>
        <message>
            <source>Track a case</source>
            <translation>查询办件进度</translation>
        </message>
        <message>
            <source>Type the tracking code printed on your receipt, or hold the receipt's QR code up to the camera.</source>
            <translation>请输入回执上的查询码，或将回执上的二维码对准摄像头。</translation>
        </message>
        <message>
            <source>e.g. K7Q4-M2X9-TB1C-R</source>
            <translation>例如 K7Q4-M2X9-TB1C-R</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>Tracking code</source>
            <translation>查询码</translation>
        </message>
        <message>
            <source>Status: %1</source>
            <translation>状态：%1</translation>
        </message>
        <message>
            <source>Last update: %1</source>
            <translation>最近更新：%1</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
    </context>
</TS>
